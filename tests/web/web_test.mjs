// SPDX-License-Identifier: MIT
// Drives the page todo-server serves at / in Debian's chromium (playwright-
// core): headers, sign-in, the task board, chat, expiry, 401, network errors,
// keyboard and labels, a 360 px screenshot. Prints PASS/FAIL lines; asks
// web.sh to stop or start the server with "@stop-server"/"@start-server"
// lines on stdout and reads "ok URL" back on stdin.
import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import readline from 'node:readline';
import { chromium } from 'playwright-core';

let base = process.argv[2];
const shot = process.argv[3];                 // where the 360 px screenshot goes
const srvBin = process.env.TODO_SERVER_BIN;
const secret = process.env.TODO_JWT_SECRET;
let failed = 0;

const stdinLines = readline.createInterface({ input: process.stdin })[Symbol.asyncIterator]();
async function ask(cmd) {
  process.stdout.write(cmd + '\n');
  const { value } = await stdinLines.next();
  const m = /^ok(?: (\S+))?$/.exec(value || '');
  if (!m) throw new Error(`web.sh answered '${value}' to ${cmd}`);
  if (m[1]) base = m[1];
}

function pass(name) { console.log('PASS ' + name); }
function fail(name, why) {
  failed++;
  console.log('FAIL ' + name + ': ' + String(why).split('\n').slice(0, 6).join(' | ').slice(0, 600));
}
async function step(name, fn) {
  try {
    await fn();
    pass(name);
    return true;
  } catch (e) {
    fail(name, e && e.message ? e.message : e);
    return false;
  }
}
function assert(cond, msg) { if (!cond) throw new Error(msg); }
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function until(fn, what, ms = 8000) {
  const end = Date.now() + ms;
  let last;
  while (Date.now() < end) {
    try { last = await fn(); if (last) return last; } catch (e) { last = e.message; }
    await sleep(50);
  }
  throw new Error('timed out waiting for ' + what + (last ? ` (last: ${last})` : ''));
}

const mint = (user, ttl) => execFileSync(srvBin, ['token', user, ...(ttl ? ['--ttl', String(ttl)] : [])],
  { encoding: 'utf8' }).trim();

// A well-formed HS256 token the server must refuse: signed with another key.
function forged(user) {
  const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const head = b64({ alg: 'HS256', typ: 'JWT' }) + '.' + b64({ sub: user, iat: now, exp: now + 3600 });
  return head + '.' + createHmac('sha256', 'not-the-secret').update(head).digest('base64url');
}

// The API straight from node, to check what the page did.
async function apiAs(tok, user, method, path, body) {
  const res = await fetch(base + '/api/' + user + path, {
    method,
    headers: { Authorization: 'Bearer ' + tok, 'Content-Type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

// ---- headers, without a browser ----

await step('GET / is the page: text/html utf-8, no-cache, ETag', async () => {
  const r = await fetch(base + '/');
  assert(r.status === 200, 'status ' + r.status);
  assert(r.headers.get('content-type') === 'text/html; charset=utf-8', 'type ' + r.headers.get('content-type'));
  assert(/no-cache/.test(r.headers.get('cache-control') || ''), 'cache-control ' + r.headers.get('cache-control'));
  assert(/^"[0-9a-f]{16}"$/.test(r.headers.get('etag') || ''), 'etag ' + r.headers.get('etag'));
  assert((await r.text()).includes('<script src="/app.js"'), 'no script tag');
});
await step('CSP header: default-src self, connect-src self, frame-ancestors none, no inline', async () => {
  const r = await fetch(base + '/');
  const csp = r.headers.get('content-security-policy') || '';
  for (const d of ["default-src 'self'", "connect-src 'self'", "frame-ancestors 'none'", "script-src 'self'",
    "style-src 'self'"]) assert(csp.includes(d), `'${d}' missing in: ${csp}`);
  assert(!/unsafe-inline|unsafe-eval|\*/.test(csp), 'loose CSP: ' + csp);
  assert(r.headers.get('x-content-type-options') === 'nosniff', 'nosniff missing');
});
await step('app.js and app.css: content types, nosniff, 304 on If-None-Match', async () => {
  for (const [p, type] of [['/app.js', 'application/javascript'], ['/app.css', 'text/css']]) {
    const r = await fetch(base + p);
    assert(r.status === 200, p + ' status ' + r.status);
    assert((r.headers.get('content-type') || '').startsWith(type), p + ' type ' + r.headers.get('content-type'));
    assert(r.headers.get('x-content-type-options') === 'nosniff', p + ' nosniff');
    const again = await fetch(base + p, { headers: { 'If-None-Match': r.headers.get('etag') } });
    assert(again.status === 304, p + ' revalidation gave ' + again.status);
  }
});
await step('without --dev-login there is no /dev/login route', async () => {
  const g = await fetch(base + '/dev/login');
  const p = await fetch(base + '/dev/login', { method: 'POST', body: '{"name":"x"}' });
  assert(g.status === 404 && p.status === 404, `GET ${g.status}, POST ${p.status}`);
});

// ---- the browser ----

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const ctx = await browser.newContext({ viewport: { width: 1100, height: 800 } });
const page = await ctx.newPage();
page.setDefaultTimeout(8000);
const problems = [];   // CSP violations and script errors, from any step
page.on('pageerror', (e) => problems.push('page error: ' + e.message));
page.on('console', (m) => {
  if (m.type() === 'error' && !/Failed to load resource|ERR_CONNECTION_REFUSED/.test(m.text())) {
    problems.push('console: ' + m.text());
  }
});

const alice = mint('alice');
const aliceApi = (m, p, b) => apiAs(alice, 'alice', m, p, b);
const row = (title) => page.locator('#list > li', { hasText: title });
const signinVisible = () => page.locator('#signin').isVisible();
const boardVisible = () => page.locator('#board').isVisible();

async function pasteToken(tok) {
  await page.getByLabel('Access token').fill(tok);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

await step('page loads to the sign-in screen; no dev login offered', async () => {
  await page.goto(base + '/');
  await page.locator('#signin').waitFor({ state: 'visible' });
  assert(!(await page.locator('#loading').isVisible()), 'Loading... still shown');
  await sleep(300);   // the /dev/login probe
  assert(!(await page.locator('#dev-form').isVisible()), 'dev login form shown without --dev-login');
});

await step('a malformed token is refused with a message', async () => {
  await pasteToken('not a token');
  const msg = await until(async () => (await page.locator('#signin-msg').textContent()).trim(), 'message');
  assert(/not a token/i.test(msg), 'message: ' + msg);
  assert(await signinVisible(), 'left the sign-in screen');
});

await step('sign in by pasting a token: board for the token\'s sub', async () => {
  await pasteToken(alice);
  await page.locator('#board').waitFor({ state: 'visible' });
  assert((await page.locator('#who-name').textContent()) === 'alice', 'user shown');
  assert(await page.getByLabel('New task title').evaluate((e) => e === document.activeElement), 'focus not on add');
  assert((await page.evaluate(() => localStorage.getItem('todo.token'))) === alice, 'token kept in localStorage');
  await until(async () => /No tasks/.test(await page.locator('#count').textContent()), 'empty count');
});

await step('add a task with due, priority and tags', async () => {
  await page.getByLabel('New task title').fill('Buy milk');
  await page.locator('#add-more summary').click();
  await page.getByLabel('Due').fill('2026-03-12');
  await page.getByLabel('Priority').selectOption('high');
  await page.getByLabel('Tags').fill('shop');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await row('Buy milk').waitFor();
  const text = await row('Buy milk').textContent();
  const when = await row('Buy milk').locator('time').getAttribute('datetime');
  assert(when === '2026-03-12' && /high/.test(text) && /#shop/.test(text), `row: ${text} (${when})`);
  assert((await page.getByLabel('New task title').inputValue()) === '', 'title field not cleared');
  const { json } = await aliceApi('GET', '/tasks');
  assert(json.length === 1 && json[0].due === '2026-03-12' && json[0].priority === 'high' &&
    json[0].tags.join() === 'shop', 'stored: ' + JSON.stringify(json));
});

await step('add with Enter in the title field', async () => {
  await page.getByLabel('New task title').fill('Water plants');
  await page.getByLabel('New task title').press('Enter');
  await row('Water plants').waitFor();
  assert((await page.locator('#list > li').count()) === 2, 'two rows');
  // Newest first, as the API lists them.
  assert(/Water plants/.test(await page.locator('#list > li').first().textContent()), 'newest first');
});

await step('edit title, description, due, priority, tags inline', async () => {
  await row('Buy milk').getByRole('button', { name: 'Edit: Buy milk' }).click();
  const form = page.locator('#list li.editing');
  assert(await form.getByLabel('Title').evaluate((e) => e === document.activeElement), 'title not focused');
  await form.getByLabel('Title').fill('Buy oat milk');
  await form.getByLabel('Description').fill('the barista one');
  await form.getByLabel('Due').fill('2026-03-14T17:30');
  await form.getByLabel('Priority').selectOption('low');
  await form.getByLabel('Tags').fill('shop, #food');
  await form.getByRole('button', { name: 'Save' }).click();
  await until(async () => (await page.locator('#list li.editing').count()) === 0, 'form closed');
  const text = await row('Buy oat milk').textContent();
  const when = await row('Buy oat milk').locator('time').getAttribute('datetime');
  assert(/the barista one/.test(text) && when === '2026-03-14T17:30' && /17:30/.test(text) && /low/.test(text) &&
    /#food/.test(text), `row: ${text} (${when})`);
  const { json } = await aliceApi('GET', '/tasks');
  const t = json.find((x) => x.title === 'Buy oat milk');
  assert(t && t.description === 'the barista one' && t.due === '2026-03-14T17:30' && t.priority === 'low' &&
    t.tags.join() === 'shop,food', 'stored: ' + JSON.stringify(t));
  assert(await page.locator('[data-focus-key^="edit-"]').first().isVisible(), 'edit buttons back');
});

await step('edit: Escape cancels and gives focus back to the Edit button', async () => {
  await row('Water plants').getByRole('button', { name: 'Edit: Water plants' }).click();
  const form = page.locator('#list li.editing');
  await form.getByLabel('Title').fill('changed my mind');
  await form.getByLabel('Title').press('Escape');
  await until(async () => (await page.locator('#list li.editing').count()) === 0, 'form closed');
  assert((await row('Water plants').count()) === 1, 'title changed');
  const focused = await page.evaluate(() => document.activeElement.getAttribute('aria-label'));
  assert(focused === 'Edit: Water plants', 'focus on ' + focused);
});

await step('edit: a due the server cannot read is refused with its reason; the form stays', async () => {
  await row('Water plants').getByRole('button', { name: 'Edit: Water plants' }).click();
  const form = page.locator('#list li.editing');
  await form.getByLabel('Due').fill('someday maybe');
  await form.getByRole('button', { name: 'Save' }).click();
  await page.locator('#banner').waitFor({ state: 'visible' });
  const b = await page.locator('#banner-text').textContent();
  assert(/Could not save/.test(b) && /422/.test(b), 'banner: ' + b);
  assert((await page.locator('#list li.editing').count()) === 1, 'form closed on error');
  await form.getByLabel('Due').press('Escape');
  await page.getByRole('button', { name: 'Dismiss message' }).click();
});

await step('toggle done with the checkbox (PATCH .../complete)', async () => {
  await row('Water plants').getByRole('checkbox', { name: 'Done: Water plants' }).click();
  await until(async () => (await row('Water plants').getAttribute('class')).includes('completed'), 'row done');
  const { json } = await aliceApi('GET', '/tasks');
  assert(json.find((x) => x.title === 'Water plants').completed === true, 'not completed on the server');
  assert(await row('Water plants').getByRole('checkbox').isChecked(), 'box not ticked');
});

await step('filters: pending, done, all', async () => {
  const titles = async () => (await page.locator('#list > li .title').allTextContents()).join('|');
  await page.getByRole('button', { name: 'Pending' }).click();
  await until(async () => (await titles()) === 'Buy oat milk', 'pending list');
  assert((await page.getByRole('button', { name: 'Pending' }).getAttribute('aria-pressed')) === 'true', 'pressed');
  await page.getByRole('button', { name: 'Done', exact: true }).click();
  await until(async () => (await titles()) === 'Water plants', 'done list');
  await page.getByRole('button', { name: 'All', exact: true }).click();
  await until(async () => (await titles()) === 'Water plants|Buy oat milk', 'all list');
});

await step('search narrows the list', async () => {
  await page.getByLabel('Search tasks').fill('oat');
  await until(async () => (await page.locator('#list > li').count()) === 1, 'one match');
  await page.getByLabel('Search tasks').fill('');
  await until(async () => (await page.locator('#list > li').count()) === 2, 'both back');
});

await step('delete asks first: Keep keeps, Delete deletes', async () => {
  const id = await row('Water plants').getAttribute('data-id');
  await row('Water plants').getByRole('button', { name: 'Delete: Water plants' }).click();
  await page.locator('#confirm').waitFor({ state: 'visible' });
  assert(/Delete "Water plants"/.test(await page.locator('#confirm-text').textContent()), 'dialog text');
  await page.locator('#confirm').getByRole('button', { name: 'Keep' }).click();
  await page.locator('#confirm').waitFor({ state: 'hidden' });
  assert((await row('Water plants').count()) === 1, 'deleted after Keep');
  await row('Water plants').getByRole('button', { name: 'Delete: Water plants' }).click();
  await page.locator('#confirm').getByRole('button', { name: 'Delete' }).click();
  await until(async () => (await row('Water plants').count()) === 0, 'row gone');
  assert((await aliceApi('GET', '/tasks/' + id)).status === 404, 'still on the server');
});

await step('task text is shown as text, never run as HTML', async () => {
  await aliceApi('POST', '/tasks', { title: '<img src=x onerror="window.__xss=1">', description: '<b>bold</b>' });
  await page.getByRole('button', { name: 'All', exact: true }).click();
  await row('<img src=x').waitFor();
  assert((await page.locator('#list img, #list b').count()) === 0, 'markup became elements');
  assert((await page.evaluate(() => window.__xss)) === undefined, 'script ran');
  const id = await row('<img src=x').getAttribute('data-id');
  await aliceApi('DELETE', '/tasks/' + id);
});

let convId = null;
let agentAdds = false;
await step('chat: the floating button opens the panel with the focus in it', async () => {
  await page.getByRole('button', { name: 'Chat' }).click();
  await page.locator('#chat').waitFor({ state: 'visible' });
  assert((await page.getByRole('button', { name: 'Chat' }).count()) === 0 ||
    !(await page.locator('#chat-open').isVisible()), 'button still shown over the panel');
  assert((await page.locator('#chat-open').getAttribute('aria-expanded')) === 'true', 'aria-expanded');
  assert(await page.getByLabel('Message to the assistant').evaluate((e) => e === document.activeElement),
    'focus not in the message box');
});

await step('chat: "add a task to call mom" gets a reply and keeps the conversation id', async () => {
  const before = (await aliceApi('GET', '/tasks')).json.length;
  const answer = page.waitForResponse((r) => r.url().endsWith('/api/alice/chat') && r.request().method() === 'POST');
  await page.getByLabel('Message to the assistant').fill('add a task to call mom');
  await page.getByLabel('Message to the assistant').press('Enter');
  const res = await (await answer).json();
  await until(async () => (await page.locator('#chat-log li.msg-assistant:not(.thinking)').count()) >= 1, 'reply');
  const reply = await page.locator('#chat-log li.msg-assistant .text').last().textContent();
  assert(reply === res.response && reply.length > 0, `reply shown '${reply}' vs '${res.response}'`);
  assert(/add a task to call mom/.test(await page.locator('#chat-log li.msg-user').last().textContent()), 'own message');
  convId = res.conversation_id;
  const kept = await page.evaluate(() => localStorage.getItem('todo.conversation.alice'));
  assert(String(convId) === kept, `conversation id ${convId}, stored ${kept}`);
  agentAdds = (res.tool_calls || []).some((c) => c.name === 'add_task');
  if (agentAdds) {
    await until(async () => (await row('mom').count()) === 1, 'the new task in the list');
    assert((await aliceApi('GET', '/tasks')).json.length === before + 1, 'one task more on the server');
  } else {
    console.log('NOTE the local agent made no tool call for "add a task to call mom" ' +
      `(reply: ${res.response}); checked the reply and the conversation id only`);
  }
});

await step('chat: tool_calls in the reply refresh the list', async () => {
  // A stand-in agent: adds a task behind the page's back, as the real one
  // does, and answers with a tool call; the page must show the new task.
  await page.route('**/api/alice/chat', async (route) => {
    const made = await aliceApi('POST', '/tasks', { title: 'Added by the agent' });
    await route.fulfill({
      status: 200, contentType: 'application/json',
      body: JSON.stringify({ conversation_id: convId, response: 'Added "Added by the agent".',
        tool_calls: [{ name: 'add_task', arguments: { title: 'Added by the agent' }, result: made.json }] }),
    });
  });
  // A half-done edit behind the panel must survive the refresh.
  await row('Buy oat milk').getByRole('button', { name: 'Edit: Buy oat milk' }).evaluate((b) => b.click());
  await page.locator('#list li.editing').getByLabel('Title').fill('Buy oat milk, typed');
  await page.getByLabel('Message to the assistant').fill('add a task: Added by the agent');
  await page.getByRole('button', { name: 'Send' }).click();
  await row('Added by the agent').waitFor();
  assert(/used add_task/.test(await page.locator('#chat-log li.msg-assistant').last().textContent()), 'tool note');
  await page.unroute('**/api/alice/chat');
  const typed = await page.locator('#list li.editing').getByLabel('Title').inputValue();
  assert(typed === 'Buy oat milk, typed', 'the open edit form lost its text: ' + typed);
  await page.locator('#list li.editing').getByRole('button', { name: 'Cancel' }).evaluate((b) => b.click());
});

await step('chat: Escape closes the panel and focus returns to the button', async () => {
  await page.getByLabel('Message to the assistant').press('Escape');
  await page.locator('#chat').waitFor({ state: 'hidden' });
  assert(await page.locator('#chat-open').evaluate((e) => e === document.activeElement), 'focus not on Chat');
});

await step('reload: still signed in; the conversation history comes back', async () => {
  await page.reload();
  await page.locator('#board').waitFor({ state: 'visible' });
  await row('Buy oat milk').waitFor();
  await page.getByRole('button', { name: 'Chat' }).click();
  await until(async () => (await page.locator('#chat-log li.msg-user').count()) >= 1, 'history');
  const log = await page.locator('#chat-log').textContent();
  assert(/add a task to call mom/.test(log), 'history: ' + log);
  const msgs = (await aliceApi('GET', `/conversations/${convId}/messages`)).json;
  const shown = await page.locator('#chat-log li').count();
  assert(shown === msgs.filter((m) => m.role !== 'tool').length, `${shown} shown, server has ${msgs.length}`);
  await page.getByRole('button', { name: 'Close chat' }).click();
});

await step('every control has a label, name or aria-label', async () => {
  const unnamed = await page.evaluate(() => [...document.querySelectorAll('input, select, textarea, button')]
    .filter((e) => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.textContent.trim())
    .map((e) => e.outerHTML.slice(0, 80)));
  assert(unnamed.length === 0, 'unlabelled: ' + unnamed.join(' '));
});

await step('keyboard: Tab reaches the controls with a visible focus ring', async () => {
  await page.getByLabel('New task title').focus();
  await page.keyboard.press('Tab');
  const f = await page.evaluate(() => {
    const e = document.activeElement;
    const cs = getComputedStyle(e);
    return { text: e.textContent.trim(), outline: cs.outlineStyle, width: cs.outlineWidth };
  });
  assert(f.text === 'Add', 'Tab went to ' + f.text);
  assert(f.outline !== 'none' && parseFloat(f.width) >= 2, `focus ring ${f.outline} ${f.width}`);
  // The task checkbox toggles with the space bar.
  const box = row('Buy oat milk').getByRole('checkbox');
  await box.focus();
  await page.keyboard.press('Space');
  await until(async () => (await aliceApi('GET', '/tasks')).json.find((t) => t.title === 'Buy oat milk').completed,
    'completed by keyboard');
  // The row is drawn anew from the server's answer; the focus must follow.
  await until(async () => (await row('Buy oat milk').getAttribute('class')).includes('completed'), 'row redrawn');
  const key = await page.evaluate(() => document.activeElement.dataset.focusKey || document.activeElement.tagName);
  assert(/^done-/.test(key), 'focus lost after the re-render: on ' + key);
  await page.keyboard.press('Space');
  await until(async () => !(await aliceApi('GET', '/tasks')).json.find((t) => t.title === 'Buy oat milk').completed,
    'reopened by keyboard');
});

await step('360 px wide: no sideways scrolling, chat fits; screenshot', async () => {
  await page.setViewportSize({ width: 360, height: 740 });
  await aliceApi('POST', '/tasks', { title: 'Call the plumber about the kitchen sink that keeps dripping',
    due: '2026-03-11T09:30', priority: 'medium', tags: ['home', 'urgent'], description: 'Ask for Tuesday' });
  await page.reload();
  await row('plumber').waitFor();
  const over = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert(over <= 0, 'page is ' + over + ' px wider than the screen');
  const actions = await row('plumber').locator('.actions').boundingBox();
  assert(actions && actions.x + actions.width <= 360, 'row buttons off screen');
  mkdirSync(dirname(shot), { recursive: true });
  await page.screenshot({ path: shot, fullPage: true });
  await page.getByRole('button', { name: 'Chat' }).click();
  const box = await page.locator('#chat').boundingBox();
  assert(box.x >= 0 && box.x + box.width <= 360, 'chat panel off screen');
  const send = await page.getByRole('button', { name: 'Send' }).boundingBox();
  assert(send.x + send.width <= 360 && send.y + send.height <= 740, 'Send off screen');
  if (process.env.WEB_SHOT_CHAT) await page.screenshot({ path: process.env.WEB_SHOT_CHAT });
  await page.getByRole('button', { name: 'Close chat' }).click();
  await page.setViewportSize({ width: 1100, height: 800 });
  if (process.env.WEB_SHOT_WIDE) {
    await page.getByRole('button', { name: 'Chat' }).click();
    await page.screenshot({ path: process.env.WEB_SHOT_WIDE });
    await page.getByRole('button', { name: 'Close chat' }).click();
  }
});

await step('sign out: back to the sign-in screen, token forgotten', async () => {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.locator('#signin').waitFor({ state: 'visible' });
  assert((await page.evaluate(() => localStorage.getItem('todo.token'))) === null, 'token kept');
  assert(/signed out/i.test(await page.locator('#signin-msg').textContent()), 'no message');
  assert((await page.locator('#chat-log li, #list li').count()) === 0, 'the last user\'s tasks or chat left in the page');
});

await step('a token the server refuses (401): sign-in screen with a message', async () => {
  await pasteToken(forged('alice'));
  await until(async () => signinVisible(), 'sign-in screen');
  const msg = await until(async () => (await page.locator('#signin-msg').textContent()).trim(), 'message');
  assert(/did not accept/.test(msg) && /sign in again/i.test(msg), 'message: ' + msg);
  assert((await page.evaluate(() => localStorage.getItem('todo.token'))) === null, 'bad token kept');
});

await step('an expiring token (--ttl 1): after 2 s, sign-in screen with a message', async () => {
  // Mint early in a second, so the token still has most of it when pasted;
  // on a slow machine try again until one has at least 400 ms left.
  let tok, left = 0;
  for (let i = 0; i < 5 && left < 400; i++) {
    while (Date.now() % 1000 > 100) await sleep(10);
    tok = mint('alice', 1);
    const exp = JSON.parse(Buffer.from(tok.split('.')[1], 'base64url').toString()).exp;
    left = exp * 1000 - Date.now();
  }
  assert(left >= 400, 'could not mint a token with time left (machine too slow?)');
  await pasteToken(tok);
  await page.locator('#board').waitFor({ state: 'visible', timeout: left });
  await sleep(2000);
  assert(await signinVisible(), 'still on the board');
  assert(!(await boardVisible()), 'board still visible');
  const msg = (await page.locator('#signin-msg').textContent()).trim();
  assert(/expired/i.test(msg), 'message: ' + msg);
});

await step('an expired token left in storage: sign-in screen with a message on load', async () => {
  const tok = mint('alice', 1);
  await page.evaluate((t) => localStorage.setItem('todo.token', t), tok);
  await sleep(2100);
  await page.reload();
  await page.locator('#signin').waitFor({ state: 'visible' });
  assert(/expired/i.test(await page.locator('#signin-msg').textContent()), 'no message');
});

// ---- a server with --dev-login; then it goes away ----

await ask('@stop-server');
await ask('@start-server --dev-login');

await step('--dev-login: one-click local login for a name', async () => {
  await page.goto(base + '/');
  await page.locator('#dev-form').waitFor({ state: 'visible' });
  await page.getByLabel('Name', { exact: true }).fill('devuser');
  await page.getByRole('button', { name: 'Sign in as this name' }).click();
  await page.locator('#board').waitFor({ state: 'visible' });
  assert((await page.locator('#who-name').textContent()) === 'devuser', 'user');
  await page.getByLabel('New task title').fill('Dev task');
  await page.getByLabel('New task title').press('Enter');
  await row('Dev task').waitFor();
});

await step('POST /dev/login: refuses bad names, its token works on the API', async () => {
  const post = (body) => fetch(base + '/dev/login', { method: 'POST', body });
  for (const [body, want] of [['{"name":"a/b"}', 422], ['{"name":""}', 422], ['{}', 422],
    ['{"name":7}', 422], ['{"name":"' + 'x'.repeat(200) + '"}', 422], ['not json', 400]]) {
    const r = await post(body);
    assert(r.status === want, `${body.slice(0, 30)}: ${r.status}, want ${want}`);
  }
  const r = await post('{"name":"carol"}');
  const { token, user_id: user } = await r.json();
  assert(r.status === 200 && user === 'carol', 'status ' + r.status);
  assert((await apiAs(token, 'carol', 'GET', '/tasks')).status === 200, 'token refused');
  assert((await apiAs(token, 'alice', 'GET', '/tasks')).status === 403, 'token acts for another user');
});

await ask('@stop-server');

await step('server gone: an error with a Retry button, the page stays', async () => {
  await page.getByRole('button', { name: 'Pending' }).click();
  await page.getByRole('button', { name: 'Retry' }).waitFor({ state: 'visible' });
  assert(/Cannot reach the server/.test(await page.locator('#banner-text').textContent()), 'banner text');
  assert(await boardVisible(), 'board hidden');
  assert((await row('Dev task').count()) === 1, 'list emptied');
});

await step('add while the server is gone keeps the typed title', async () => {
  await page.getByLabel('New task title').fill('Typed offline');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await until(async () => /add "Typed offline"/.test(await page.locator('#banner-text').textContent()), 'banner');
  assert((await page.getByLabel('New task title').inputValue()) === 'Typed offline', 'title lost');
});

await ask('@start-server --dev-login');

await step('server back: Retry does the failed action and clears the error', async () => {
  await page.getByRole('button', { name: 'Retry' }).click();
  await row('Typed offline').waitFor();
  await page.locator('#banner').waitFor({ state: 'hidden' });
  assert((await row('Dev task').count()) === 1, 'list');
});

await step('no CSP violations or script errors in the page', async () => {
  assert(problems.length === 0, problems.join(' / '));
});

await browser.close();
process.exit(failed ? 1 : 0);
