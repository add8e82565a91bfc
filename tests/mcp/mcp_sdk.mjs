// SPDX-License-Identifier: MIT
// Drives `todo mcp` with the official MCP SDK client (stdio): lists the
// tools, calls each of the five, and prints one PASS/FAIL line per check.
// Env: TODO_BIN (the todo to run), TODO_DB and the test's HOME/XDG_* vars.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';

let failed = 0;
function check(name, cond, detail) {
  if (cond) {
    console.log(`PASS ${name}`);
  } else {
    failed++;
    console.log(`FAIL ${name}${detail !== undefined ? ': ' + JSON.stringify(detail).slice(0, 400) : ''}`);
  }
}

// The SDK hands the child only HOME LOGNAME PATH SHELL TERM USER, so pass
// everything the test's private environment relies on.
const env = {};
for (const k of ['TODO_DB', 'HOME', 'XDG_DATA_HOME', 'XDG_CONFIG_HOME', 'XDG_STATE_HOME',
  'XDG_CACHE_HOME', 'TODO_NOW', 'TZ', 'NO_COLOR', 'ASAN_OPTIONS', 'UBSAN_OPTIONS',
  'LSAN_OPTIONS', 'PATH']) {
  if (process.env[k] !== undefined) env[k] = process.env[k];
}

const bin = process.env.TODO_BIN || './todo';
const transport = new StdioClientTransport({ command: bin, args: ['mcp'], env, stderr: 'pipe' });
let stderr = '';
transport.stderr?.on('data', (d) => { stderr += d.toString(); });

const client = new Client({ name: 'todo-test', version: '1.0.0' });
try {
  await client.connect(transport);
  check('sdk: connect (initialize handshake)', true);
} catch (e) {
  check('sdk: connect (initialize handshake)', false, String(e));
  console.log(stderr);
  process.exit(1);
}

check('sdk: server name', client.getServerVersion()?.name === 'todo', client.getServerVersion());
check('sdk: tools capability', client.getServerCapabilities()?.tools !== undefined,
  client.getServerCapabilities());
check('sdk: instructions', typeof client.getInstructions() === 'string' && client.getInstructions().length > 0);

const { tools } = await client.listTools();
const names = tools.map((t) => t.name).sort();
check('sdk: five tools listed',
  JSON.stringify(names) === JSON.stringify(['add_task', 'complete_task', 'delete_task', 'list_tasks', 'update_task']),
  names);
check('sdk: every inputSchema is an object schema',
  tools.every((t) => t.inputSchema && t.inputSchema.type === 'object'));
check('sdk: add_task requires title',
  JSON.stringify(tools.find((t) => t.name === 'add_task')?.inputSchema.required) === '["title"]');

async function call(name, args) {
  return client.callTool({ name, arguments: args });
}

// add_task
let r = await call('add_task', { title: 'Buy milk', due: '2026-03-11', priority: 'high', tags: ['shop'] });
check('sdk: add_task ok', !r.isError && r.structuredContent?.status === 'created'
  && r.structuredContent?.title === 'Buy milk' && Number.isInteger(r.structuredContent?.task_id), r);
const milk = r.structuredContent?.task_id;
check('sdk: add_task text block is the same JSON',
  r.content?.[0]?.type === 'text' && JSON.parse(r.content[0].text).task_id === milk, r.content);
r = await call('add_task', { title: 'Call mom' });
const mom = r.structuredContent?.task_id;
r = await call('add_task', { title: 'Pay rent', tags: ['home'] });
const rent = r.structuredContent?.task_id;
check('sdk: three tasks made', [milk, mom, rent].every(Number.isInteger) && new Set([milk, mom, rent]).size === 3);

// bad arguments are a result the model can correct, not a protocol error
r = await call('add_task', { title: '   ' });
check('sdk: add_task blank title -> isError', r.isError === true && r.structuredContent?.status === 'error', r);
r = await call('add_task', { title: 'x', priority: 'urgent!!' });
check('sdk: add_task bad priority -> isError', r.isError === true, r);

// list_tasks: structuredContent must be an object, so {"tasks": [...]}
r = await call('list_tasks', {});
check('sdk: list_tasks structuredContent is {tasks: [...]}',
  !r.isError && Array.isArray(r.structuredContent?.tasks) && r.structuredContent.tasks.length === 3, r);
check('sdk: list_tasks text block parses to the same',
  JSON.stringify(JSON.parse(r.content[0].text)) === JSON.stringify(r.structuredContent));
const t0 = r.structuredContent?.tasks?.find((t) => t.id === milk);
check('sdk: list_tasks task fields', t0 && t0.title === 'Buy milk' && t0.completed === false
  && t0.due === '2026-03-11' && t0.priority === 'high' && JSON.stringify(t0.tags) === '["shop"]', t0);
r = await call('list_tasks', { tag: 'home' });
check('sdk: list_tasks tag filter', r.structuredContent?.tasks?.length === 1
  && r.structuredContent.tasks[0].id === rent, r.structuredContent);
r = await call('list_tasks', { status: 'sometimes' });
check('sdk: list_tasks bad status -> isError', r.isError === true, r);

// complete_task
r = await call('complete_task', { task_id: mom });
check('sdk: complete_task ok', !r.isError && r.structuredContent?.status === 'completed'
  && r.structuredContent?.task_id === mom, r);
r = await call('list_tasks', { status: 'completed' });
check('sdk: completed list has it', r.structuredContent?.tasks?.length === 1
  && r.structuredContent.tasks[0].id === mom, r.structuredContent);
r = await call('complete_task', { task_id: 9999 });
check('sdk: complete_task unknown id -> isError', r.isError === true
  && /not found/.test(r.structuredContent?.error ?? ''), r);

// update_task
r = await call('update_task', { task_id: milk, title: 'Buy oat milk', due: null, tags: ['shop', 'food'] });
check('sdk: update_task ok', !r.isError && r.structuredContent?.status === 'updated'
  && r.structuredContent?.title === 'Buy oat milk', r);
r = await call('update_task', { task_id: 9999, title: 'nope' });
check('sdk: update_task unknown id -> isError', r.isError === true, r);
r = await call('update_task', { task_id: milk });
check('sdk: update_task with nothing to change -> isError', r.isError === true, r);

// delete_task
r = await call('delete_task', { task_id: rent });
check('sdk: delete_task ok', !r.isError && r.structuredContent?.status === 'deleted'
  && r.structuredContent?.title === 'Pay rent', r);
r = await call('delete_task', { task_id: rent });
check('sdk: delete_task twice -> isError', r.isError === true, r);
r = await call('delete_task', {});
check('sdk: delete_task without task_id -> isError', r.isError === true, r);

// unknown tool: a JSON-RPC error, which the SDK throws as McpError
try {
  await call('no_such_tool', {});
  check('sdk: unknown tool -> McpError -32602', false, 'no error thrown');
} catch (e) {
  check('sdk: unknown tool -> McpError -32602', e instanceof McpError && e.code === -32602, String(e));
}

try {
  await client.ping();
  check('sdk: ping', true);
} catch (e) {
  check('sdk: ping', false, String(e));
}

// the connection still works after the errors
r = await call('list_tasks', {});
check('sdk: final list has two tasks', r.structuredContent?.tasks?.length === 2, r.structuredContent);

await client.close();
// close() ends stdin then signals; give the child a moment to flush stderr.
await new Promise((res) => setTimeout(res, 200));
check('sdk: no sanitizer report on stderr',
  !/AddressSanitizer|LeakSanitizer|runtime error:/.test(stderr), stderr.slice(0, 2000));
process.exit(failed ? 1 : 0);
