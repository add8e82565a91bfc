// SPDX-License-Identifier: MIT
// Drives todo-server's /mcp with the official MCP SDK client over
// Streamable HTTP: handshake with a session, the five tools for the token's
// user, and the errors. Env: MCP_URL, MCP_TOKEN, MCP_OTHER_TOKEN.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';

let failed = 0;
function check(name, cond, detail) {
  if (cond) console.log(`PASS ${name}`);
  else {
    failed++;
    console.log(`FAIL ${name}${detail !== undefined ? ': ' + JSON.stringify(detail).slice(0, 400) : ''}`);
  }
}

async function connect(token) {
  const transport = new StreamableHTTPClientTransport(new URL(process.env.MCP_URL),
    { requestInit: { headers: { Authorization: `Bearer ${token}` } } });
  const client = new Client({ name: 'todo-http-test', version: '1.0.0' });
  await client.connect(transport);
  return { client, transport };
}

let alice;
try {
  alice = await connect(process.env.MCP_TOKEN);
  check('http: connect (initialize, session)', true);
} catch (e) {
  check('http: connect (initialize, session)', false, String(e));
  process.exit(1);
}
check('http: a session id was given', typeof alice.transport.sessionId === 'string' && alice.transport.sessionId.length > 0);
const { tools } = await alice.client.listTools();
check('http: five tools', tools.length === 5, tools.map((t) => t.name));

const add = await alice.client.callTool({ name: 'add_task', arguments: { title: 'From MCP over HTTP', priority: 'high' } });
check('http: add_task', add.structuredContent?.status === 'created', add);
const id = add.structuredContent?.task_id;
const list = await alice.client.callTool({ name: 'list_tasks', arguments: { status: 'pending' } });
check('http: list_tasks gives {tasks}', Array.isArray(list.structuredContent?.tasks) &&
  list.structuredContent.tasks.some((t) => t.id === id), list.structuredContent);
const upd = await alice.client.callTool({ name: 'update_task', arguments: { task_id: id, due: '2026-04-01' } });
check('http: update_task', upd.structuredContent?.status === 'updated', upd);
const done = await alice.client.callTool({ name: 'complete_task', arguments: { task_id: id } });
check('http: complete_task', done.structuredContent?.status === 'completed', done);
const missing = await alice.client.callTool({ name: 'delete_task', arguments: { task_id: 999999 } });
check('http: unknown task is an isError result', missing.isError === true, missing);
try {
  await alice.client.callTool({ name: 'no_such_tool', arguments: {} });
  check('http: unknown tool is a JSON-RPC error', false);
} catch (e) {
  check('http: unknown tool is a JSON-RPC error', e instanceof McpError && e.code === -32602, String(e));
}

// Another user's client sees none of alice's tasks and cannot touch them.
const bob = await connect(process.env.MCP_OTHER_TOKEN);
const bobList = await bob.client.callTool({ name: 'list_tasks', arguments: {} });
check('http: another user sees nothing', bobList.structuredContent?.tasks?.length === 0, bobList.structuredContent);
const bobDel = await bob.client.callTool({ name: 'delete_task', arguments: { task_id: id } });
check('http: another user cannot delete', bobDel.isError === true, bobDel);
await bob.transport.terminateSession();
await bob.client.close();

const del = await alice.client.callTool({ name: 'delete_task', arguments: { task_id: id } });
check('http: delete_task', del.structuredContent?.status === 'deleted', del);
await alice.transport.terminateSession();
await alice.client.close();
check('http: session ended cleanly', true);
process.exit(failed ? 1 : 0);
