// SPDX-License-Identifier: MIT
// The todo web app: sign in with a token, a task board and a chat panel over
// todo-server's public /api. Plain DOM code; user text only via textContent.
'use strict';

const $ = (id) => document.getElementById(id);
const KEY_TOKEN = 'todo.token';
const KEY_FILTER = 'todo.filter';
const convKey = (user) => 'todo.conversation.' + user;

const state = {
  token: null,
  user: null,
  exp: 0,            // seconds since the epoch, from the token
  expTimer: 0,
  status: 'all',     // all | pending | completed
  query: '',
  tasks: [],
  editing: null,     // id of the task whose edit form is open
  conv: null,        // conversation id
  chatLoaded: false, // history fetched for state.conv
  loadSeq: 0,        // drops list answers that a newer request overtook
};

// ---- token ----

// Decodes the JWT payload (no signature check: the server does that); null
// when the text is not a JWT with a string `sub`.
function decodeToken(tok) {
  const parts = tok.split('.');
  if (parts.length !== 3) return null;
  try {
    const b64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
    const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
    const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
    const claims = JSON.parse(new TextDecoder().decode(bytes));
    if (!claims || typeof claims.sub !== 'string' || claims.sub === '') return null;
    return claims;
  } catch (e) {
    return null;
  }
}

const expired = (exp) => typeof exp === 'number' && exp * 1000 <= Date.now();

// ---- API ----

class AuthError extends Error {}
class NetError extends Error {}
class HttpError extends Error {
  constructor(status, detail) {
    super(detail);
    this.status = status;
  }
}

// Calls the API as the signed-in user. 401 (or a token past its exp) signs
// out with a message and throws AuthError; a failed fetch throws NetError.
async function api(method, path, body) {
  if (!state.token) throw new AuthError('not signed in');
  if (expired(state.exp)) {
    expire('Your session has expired. Sign in again.');
    throw new AuthError('expired');
  }
  const opts = { method, headers: { Authorization: 'Bearer ' + state.token } };
  if (body !== undefined) {
    opts.headers['Content-Type'] = 'application/json';
    opts.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch('/api/' + encodeURIComponent(state.user) + path, opts);
  } catch (e) {
    throw new NetError('Cannot reach the server.');
  }
  let data = null;
  const text = await res.text().catch(() => '');
  if (text) {
    try { data = JSON.parse(text); } catch (e) { data = null; }
  }
  const detail = data && typeof data.detail === 'string' ? data.detail : res.statusText || 'error';
  if (res.status === 401) {
    expire('The server did not accept your token (' + detail + '). Sign in again.');
    throw new AuthError(detail);
  }
  if (!res.ok) throw new HttpError(res.status, detail);
  return data;
}

// Runs an API call and shows what went wrong in the page; a network error
// gets a Retry button that runs `again` (the whole user action, so what
// follows the call happens too; by default the call alone). Resolves to the
// call's result, or undefined when it failed.
async function attempt(what, fn, again) {
  try {
    const out = await fn();
    hideBanner(true);
    return out;
  } catch (e) {
    if (e instanceof AuthError) return undefined;
    if (e instanceof NetError) {
      showBanner('Cannot reach the server while trying to ' + what + '.', again || (() => attempt(what, fn)));
    } else if (e instanceof HttpError && e.status >= 500) {
      // Server trouble (the database away, say) may pass: offer a retry.
      showBanner('The server failed to ' + what + ': ' + e.message + ' (' + e.status + ')',
        again || (() => attempt(what, fn)));
    } else if (e instanceof HttpError) {
      showBanner('Could not ' + what + ': ' + e.message + ' (' + e.status + ')');
    } else {
      showBanner('Could not ' + what + ': ' + e.message);
    }
    return undefined;
  }
}

// ---- banner ----

let retryFn = null;
let bannerIsNet = false;

function showBanner(text, retry) {
  $('banner-text').textContent = text;
  retryFn = retry || null;
  bannerIsNet = !!retry;
  $('banner-retry').hidden = !retry;
  $('banner').hidden = false;
}

// onlyNet: hide only a network error (a later success means it is over).
function hideBanner(onlyNet) {
  if (onlyNet && !bannerIsNet) return;
  $('banner').hidden = true;
  retryFn = null;
  bannerIsNet = false;
}

// ---- sign in / out ----

function signIn(token, claims) {
  state.token = token;
  state.user = claims.sub;
  state.exp = typeof claims.exp === 'number' ? claims.exp : 0;
  localStorage.setItem(KEY_TOKEN, token);
  clearTimeout(state.expTimer);
  if (state.exp) {
    // setTimeout holds at most 2^31-1 ms; longer tokens are checked per call.
    const ms = Math.min(state.exp * 1000 - Date.now(), 0x7fffffff);
    state.expTimer = setTimeout(() => expire('Your session has expired. Sign in again.'), Math.max(ms, 0));
  }
  const saved = Number(localStorage.getItem(convKey(state.user)));
  state.conv = Number.isSafeInteger(saved) && saved > 0 ? saved : null;
  state.chatLoaded = false;
  $('chat-log').replaceChildren();
  $('who-name').textContent = state.user;
  $('who').hidden = false;
  $('signin').hidden = true;
  $('board').hidden = false;
  $('chat-open').hidden = false;
  loadTasks();
}

// Back to the sign-in screen with a reason (expiry, 401, sign out).
function expire(message) {
  clearTimeout(state.expTimer);
  localStorage.removeItem(KEY_TOKEN);
  state.token = null;
  state.user = null;
  state.exp = 0;
  state.tasks = [];
  state.editing = null;
  state.query = '';
  state.loadSeq++;   // answers still on their way are for the old session
  hideBanner(false);
  closeChat(false);
  // Leave nothing of the last user on screen (a shared computer).
  $('chat-log').replaceChildren();
  $('add-form').reset();
  $('search').value = '';
  $('list').replaceChildren();
  $('count').textContent = '';
  $('who').hidden = true;
  $('board').hidden = true;
  $('chat-open').hidden = true;
  $('signin').hidden = false;
  $('signin-msg').textContent = message || '';
  $('signin-msg').hidden = !message;
  $('token').value = '';
  $('token').focus();
}

function onTokenSubmit(ev) {
  ev.preventDefault();
  const tok = $('token').value.trim().replace(/^bearer\s+/i, '');
  const claims = decodeToken(tok);
  const msg = $('signin-msg');
  msg.hidden = false;
  if (!claims) {
    msg.textContent = 'That is not a token this page can read (a JWT with a "sub").';
    $('token').focus();
  } else if (expired(claims.exp)) {
    msg.textContent = 'That token has expired. Get a new one.';
    $('token').focus();
  } else {
    msg.textContent = '';
    msg.hidden = true;
    signIn(tok, claims);
    $('add-title').focus();
  }
}

async function onDevSubmit(ev) {
  ev.preventDefault();
  const name = $('dev-name').value.trim();
  const msg = $('signin-msg');
  msg.hidden = false;
  if (!name) {
    msg.textContent = 'Type a name to sign in as.';
    return;
  }
  try {
    const res = await fetch('/dev/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name }),
    });
    const data = await res.json().catch(() => null);
    if (!res.ok || !data || typeof data.token !== 'string') {
      msg.textContent = 'Local login failed: ' + ((data && data.detail) || res.status);
      return;
    }
    const claims = decodeToken(data.token);
    if (!claims) throw new Error('bad token');
    msg.hidden = true;
    signIn(data.token, claims);
    $('add-title').focus();
  } catch (e) {
    msg.textContent = 'Cannot reach the server for the local login. Try again.';
  }
}

// The one-click login exists only when the server runs with --dev-login.
async function probeDevLogin() {
  try {
    const res = await fetch('/dev/login');
    $('dev-form').hidden = !res.ok;
  } catch (e) {
    $('dev-form').hidden = true;
  }
}

// ---- tasks ----

async function loadTasks() {
  const seq = ++state.loadSeq;
  const q = new URLSearchParams({ status: state.status });
  if (state.query) q.set('q', state.query);
  const tasks = await attempt('load your tasks', () => api('GET', '/tasks?' + q), loadTasks);
  if (tasks === undefined || seq !== state.loadSeq || !state.token) return;
  state.tasks = Array.isArray(tasks) ? tasks : [];
  renderTasks();
}

function el(tag, props, ...kids) {
  const n = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (k === 'class') n.className = v;
    else if (k === 'text') n.textContent = v;
    else if (k.startsWith('on')) n.addEventListener(k.slice(2), v);
    else if (v === true) n.setAttribute(k, '');
    else if (v !== false && v != null) n.setAttribute(k, v);
  }
  for (const kid of kids) if (kid != null) n.append(kid);
  return n;
}

// "2026-03-12T17:00" in local time compared as text: both sides have the
// same shape, so string order is time order.
function localNow() {
  const d = new Date();
  const p = (x) => String(x).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

// "2026-03-14T17:30" -> "Sat, Mar 14, 17:30" in the browser's language;
// the year only when it is not this one.
function dueText(due) {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?$/.exec(due);
  if (!m) return due;
  const d = new Date(+m[1], +m[2] - 1, +m[3], m[4] ? +m[4] : 0, m[5] ? +m[5] : 0);
  const opts = { weekday: 'short', month: 'short', day: 'numeric' };
  if (d.getFullYear() !== new Date().getFullYear()) opts.year = 'numeric';
  if (m[4]) Object.assign(opts, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return d.toLocaleString(undefined, opts);
}

function isOverdue(t) {
  if (!t.due || t.completed) return false;
  const due = t.due.length === 10 ? t.due + 'T23:59' : t.due;
  return due < localNow();
}

function renderTasks() {
  const list = $('list');
  const focusId = document.activeElement && document.activeElement.dataset
    ? document.activeElement.dataset.focusKey : null;
  // An open edit form survives a reload of the list (say, after the chat
  // changed tasks), with what was typed and the focus in it.
  const open = list.querySelector('li.editing');
  const keep = open && Number(open.dataset.id) === state.editing ? open : null;
  list.replaceChildren(...state.tasks.map((t) => (t.id !== state.editing ? taskRow(t) : keep || editRow(t))));
  const n = state.tasks.length;
  const what = { all: '', pending: 'pending ', completed: 'done ' }[state.status];
  $('count').textContent = n === 0
    ? (state.query ? 'No ' + what + 'tasks match "' + state.query + '".' : 'No ' + what + 'tasks.')
    : n + ' ' + what + (n === 1 ? 'task' : 'tasks') + (state.query ? ' matching "' + state.query + '"' : '');
  // Keep keyboard users where they were across a re-render.
  if (focusId) {
    const again = list.querySelector(`[data-focus-key="${CSS.escape(focusId)}"]`);
    if (again) again.focus();
  }
}

function taskRow(t) {
  const meta = el('div', { class: 'meta' });
  if (t.due) {
    const late = isOverdue(t);
    meta.append(el('span', { class: 'due' + (late ? ' overdue' : '') }, late ? 'overdue ' : 'due ',
      el('time', { datetime: t.due, title: t.due.replace('T', ' '), text: dueText(t.due) })));
  }
  if (t.priority && t.priority !== 'none') {
    meta.append(el('span', { class: 'prio prio-' + t.priority, text: t.priority }));
  }
  for (const tag of t.tags || []) meta.append(el('span', { class: 'tag', text: '#' + tag }));
  const box = el('input', {
    type: 'checkbox', class: 'done', 'aria-label': 'Done: ' + t.title,
    'data-focus-key': 'done-' + t.id, onchange: () => toggleTask(t),
  });
  box.checked = !!t.completed;
  return el('li', { class: 'task' + (t.completed ? ' completed' : ''), 'data-id': String(t.id) },
    box,
    el('div', { class: 'body' },
      el('span', { class: 'title', text: t.title }),
      t.description ? el('p', { class: 'desc', text: t.description }) : null,
      meta.childElementCount ? meta : null),
    el('div', { class: 'actions' },
      el('button', { type: 'button', class: 'plain', text: 'Edit', 'aria-label': 'Edit: ' + t.title,
        'data-focus-key': 'edit-' + t.id, onclick: () => startEdit(t.id) }),
      el('button', { type: 'button', class: 'plain danger-text', text: 'Delete',
        'aria-label': 'Delete: ' + t.title, 'data-focus-key': 'del-' + t.id,
        onclick: () => deleteTask(t) })));
}

function field(label, input) {
  return el('label', { class: 'field' }, label, input);
}

function editRow(t) {
  const title = el('input', { name: 'title', autocomplete: 'off' });
  title.value = t.title;
  const desc = el('textarea', { name: 'description', rows: '3' });
  desc.value = t.description || '';
  const due = el('input', { name: 'due', autocomplete: 'off', placeholder: '2026-03-12, tomorrow' });
  due.value = t.due || '';
  const prio = el('select', { name: 'priority' },
    ...['none', 'low', 'medium', 'high'].map((p) => el('option', { value: p, text: p })));
  prio.value = t.priority || 'none';
  const tags = el('input', { name: 'tags', autocomplete: 'off', placeholder: 'work, home' });
  tags.value = (t.tags || []).join(', ');
  const form = el('form', { class: 'edit', novalidate: true, 'aria-label': 'Edit task' },
    field('Title', title),
    field('Description', desc),
    el('div', { class: 'row wrap' }, field('Due', due), field('Priority', prio)),
    field('Tags', tags),
    el('div', { class: 'row end' },
      el('button', { type: 'button', text: 'Cancel', onclick: () => stopEdit(t.id) }),
      el('button', { type: 'submit', class: 'primary', text: 'Save' })));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    saveEdit(t, { title: title.value, description: desc.value, due: due.value,
      priority: prio.value, tags: tags.value });
  });
  form.addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape') { ev.preventDefault(); stopEdit(t.id); }
  });
  return el('li', { class: 'task editing', 'data-id': String(t.id) }, form);
}

const splitTags = (s) => s.split(/[\s,]+/).map((x) => x.replace(/^#/, '')).filter(Boolean);

function startEdit(id) {
  state.editing = id;
  renderTasks();
  const input = $('list').querySelector('li.editing input[name=title]');
  if (input) input.focus();
}

function stopEdit(id) {
  state.editing = null;
  renderTasks();
  const btn = $('list').querySelector(`[data-focus-key="edit-${id}"]`);
  if (btn) btn.focus();
}

async function saveEdit(t, v) {
  const body = {};
  const title = v.title.trim();
  if (!title) {
    showBanner('A task needs a title.');
    return;
  }
  if (title !== t.title) body.title = title;
  if (v.description !== (t.description || '')) body.description = v.description;
  const due = v.due.trim();
  if (due !== (t.due || '')) body.due = due || null;
  if (v.priority !== (t.priority || 'none')) body.priority = v.priority;
  const tags = splitTags(v.tags);
  if (tags.join(',') !== (t.tags || []).join(',')) body.tags = tags;
  if (Object.keys(body).length) {
    const ok = await attempt('save "' + t.title + '"',
      () => api('PUT', '/tasks/' + t.id, body), () => saveEdit(t, v));
    if (ok === undefined) return;   // keep the form open with what was typed
  }
  state.editing = null;
  await loadTasks();
  const btn = $('list').querySelector(`[data-focus-key="edit-${t.id}"]`);
  if (btn) btn.focus();
}

async function toggleTask(t) {
  const ok = await attempt((t.completed ? 'reopen "' : 'complete "') + t.title + '"',
    () => api('PATCH', '/tasks/' + t.id + '/complete'), () => toggleTask(t));
  // On failure the list re-renders from the last good state (box unticks).
  if (ok === undefined) renderTasks();
  else await loadTasks();
}

function confirmDialog(text) {
  const dlg = $('confirm');
  $('confirm-text').textContent = text;
  return new Promise((resolve) => {
    dlg.addEventListener('close', () => resolve(dlg.returnValue === 'ok'), { once: true });
    dlg.returnValue = '';
    dlg.showModal();
  });
}

async function deleteTask(t) {
  if (!(await confirmDialog('Delete "' + t.title + '"? This cannot be undone.'))) {
    const btn = $('list').querySelector(`[data-focus-key="del-${t.id}"]`);
    if (btn) btn.focus();
    return;
  }
  await removeTask(t);
}

async function removeTask(t) {
  const ok = await attempt('delete "' + t.title + '"', () => api('DELETE', '/tasks/' + t.id),
    () => removeTask(t));
  if (ok === undefined) return;
  await loadTasks();
  $('add-title').focus();
}

function onAddSubmit(ev) {
  ev.preventDefault();
  addTask();
}

// Reads the add form at each try, so Retry sends what is typed then.
async function addTask() {
  const title = $('add-title').value.trim();
  if (!title) {
    showBanner('Type a title for the new task.');
    $('add-title').focus();
    return;
  }
  const body = { title };
  const desc = $('add-desc').value.trim();
  const due = $('add-due').value.trim();
  const prio = $('add-prio').value;
  const tags = splitTags($('add-tags').value);
  if (desc) body.description = desc;
  if (due) body.due = due;
  if (prio !== 'none') body.priority = prio;
  if (tags.length) body.tags = tags;
  const made = await attempt('add "' + title + '"', () => api('POST', '/tasks', body), addTask);
  if (made === undefined) return;   // what was typed stays for another try
  for (const id of ['add-title', 'add-desc', 'add-due', 'add-tags']) $(id).value = '';
  $('add-prio').value = 'none';
  await loadTasks();
  $('add-title').focus();
}

function setFilter(status) {
  state.status = status;
  localStorage.setItem(KEY_FILTER, status);
  for (const b of document.querySelectorAll('.filters button')) {
    b.setAttribute('aria-pressed', String(b.dataset.status === status));
  }
}

let searchTimer = 0;
function onSearch() {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(() => {
    state.query = $('search').value.trim();
    loadTasks();
  }, 200);
}

// ---- chat ----

function addMessage(role, text, extra) {
  const li = el('li', { class: 'msg-' + role },
    el('span', { class: 'visually-hidden', text: role === 'user' ? 'You: ' : 'Assistant: ' }),
    el('span', { class: 'text', text }));
  if (extra) li.append(extra);
  $('chat-log').append(li);
  li.scrollIntoView({ block: 'end' });
  return li;
}

async function loadHistory() {
  if (state.chatLoaded || !state.conv) return;
  const conv = state.conv;
  const msgs = await attempt('load the conversation',
    () => api('GET', '/conversations/' + conv + '/messages').catch((e) => {
      // A conversation that is gone (another database): start afresh.
      if (e instanceof HttpError && e.status === 404) return 'gone';
      throw e;
    }), loadHistory);
  if (msgs === undefined || conv !== state.conv) return;
  state.chatLoaded = true;
  if (msgs === 'gone') {
    setConversation(null);
    return;
  }
  $('chat-log').replaceChildren();
  for (const m of msgs) {
    if (m.role === 'user' || m.role === 'assistant') addMessage(m.role, m.content);
  }
}

function setConversation(id) {
  state.conv = id;
  if (id) localStorage.setItem(convKey(state.user), String(id));
  else localStorage.removeItem(convKey(state.user));
}

function openChat() {
  $('chat').hidden = false;
  $('chat-open').setAttribute('aria-expanded', 'true');
  document.body.classList.add('chat-open');
  $('chat-input').focus();
  loadHistory();
}

function closeChat(refocus) {
  $('chat').hidden = true;
  $('chat-open').setAttribute('aria-expanded', 'false');
  document.body.classList.remove('chat-open');
  if (refocus) $('chat-open').focus();
}

async function sendChat(text) {
  const user = state.user;
  const pending = addMessage('user', text);
  pending.classList.add('sending');
  const thinking = addMessage('assistant', '\u2026');
  thinking.classList.add('thinking');
  const send = $('chat-form').querySelector('button');
  send.disabled = true;
  const post = () => {
    const body = { message: text };
    if (state.conv) body.conversation_id = state.conv;
    return api('POST', '/chat', body);
  };
  const res = await attempt('send your message', () => post().catch((e) => {
    if (e instanceof HttpError && e.status === 404 && state.conv) {
      setConversation(null);   // the old conversation is gone: start a new one
      return post();
    }
    throw e;
  }), () => {
    pending.remove();
    sendChat(text);
  });
  send.disabled = false;
  thinking.remove();
  pending.classList.remove('sending');
  if (user !== state.user) return;   // signed out meanwhile
  if (res === undefined) {
    pending.classList.add('failed');
    return;
  }
  if (res.conversation_id) setConversation(res.conversation_id);
  state.chatLoaded = true;
  const calls = Array.isArray(res.tool_calls) ? res.tool_calls : [];
  const note = calls.length
    ? el('span', { class: 'tools-used', text: 'used ' + calls.map((c) => c.name).join(', ') })
    : null;
  addMessage('assistant', res.response || '', note);
  // The agent changed (or read) tasks: show the board as it is now.
  if (calls.length) await loadTasks();
}

function onChatSubmit(ev) {
  ev.preventDefault();
  const text = $('chat-input').value.trim();
  if (!text || $('chat-form').querySelector('button').disabled) return;
  $('chat-input').value = '';
  sendChat(text);
}

// ---- start ----

function init() {
  $('token-form').addEventListener('submit', onTokenSubmit);
  $('dev-form').addEventListener('submit', onDevSubmit);
  $('signout').addEventListener('click', () => expire('You signed out.'));
  $('banner-close').addEventListener('click', () => hideBanner(false));
  $('banner-retry').addEventListener('click', () => {
    const fn = retryFn;
    hideBanner(false);
    if (fn) fn();
  });
  $('add-form').addEventListener('submit', onAddSubmit);
  for (const b of document.querySelectorAll('.filters button')) {
    b.addEventListener('click', () => { setFilter(b.dataset.status); loadTasks(); });
  }
  $('search').addEventListener('input', onSearch);
  $('chat-open').addEventListener('click', () => ($('chat').hidden ? openChat() : closeChat(true)));
  $('chat-close').addEventListener('click', () => closeChat(true));
  $('chat-new').addEventListener('click', () => {
    setConversation(null);
    state.chatLoaded = true;
    $('chat-log').replaceChildren();
    $('chat-input').focus();
  });
  $('chat').addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape') { ev.preventDefault(); closeChat(true); }
  });
  $('chat-form').addEventListener('submit', onChatSubmit);
  $('chat-input').addEventListener('keydown', (ev) => {
    // Enter sends; Shift+Enter is a new line.
    if (ev.key === 'Enter' && !ev.shiftKey && !ev.isComposing) onChatSubmit(ev);
  });

  const f = localStorage.getItem(KEY_FILTER);
  setFilter(['all', 'pending', 'completed'].includes(f) ? f : 'all');
  $('loading').hidden = true;
  probeDevLogin();

  const tok = localStorage.getItem(KEY_TOKEN);
  const claims = tok ? decodeToken(tok) : null;
  if (claims && !expired(claims.exp)) signIn(tok, claims);
  else expire(tok ? 'Your session has expired. Sign in again.' : '');
}

// Whatever breaks, say so in the page instead of leaving it blank.
window.addEventListener('error', (ev) => showBanner('Something went wrong in this page: ' + ev.message));
window.addEventListener('unhandledrejection', (ev) => {
  showBanner('Something went wrong in this page: ' + ((ev.reason && ev.reason.message) || ev.reason));
});

init();
