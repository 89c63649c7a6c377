// Runs the real yaml-language-server (pinned in package.json) as an editor would, over
// the language server protocol on stdio, and checks what a user of VS Code or any other
// editor would see with the schema of `rollout schema` (docs/scenarios.md, "Editor support"):
//   - every shipped scenario, sweep and optimisation file: no diagnostics at all;
//   - each file of tests/editor/invalid/: the diagnostic its `# expect: LINE: TEXT` comment
//     names, at that line (1-based), and no other;
//   - completion inside `plan:` offers the plan's keys; hover shows a key's default.
// Usage: node check-editor.cjs SOURCE_DIR. Exits 1 with every failure listed.
'use strict';

const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');
const { pathToFileURL } = require('url');

const sourceDir = path.resolve(process.argv[2] || path.join(__dirname, '..', '..'));
const server = require.resolve('yaml-language-server/bin/yaml-language-server', {
  paths: [__dirname],
});
const failures = [];
const fail = (message) => failures.push(message);

// A minimal LSP client: Content-Length framed JSON-RPC over the child's stdio.
class Client {
  constructor() {
    this.child = spawn(process.execPath, [server, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.buffer = Buffer.alloc(0);
    this.nextId = 1;
    this.pending = new Map();
    this.diagnostics = new Map(); // uri -> list of published diagnostic arrays
    this.waiters = [];
    this.stderr = '';
    this.child.stderr.on('data', (d) => (this.stderr += d));
    this.child.stdout.on('data', (d) => this.receive(d));
  }
  send(message) {
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...message }), 'utf8');
    this.child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.child.stdin.write(body);
  }
  request(method, params) {
    const id = this.nextId++;
    this.send({ id, method, params });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${method}: no answer in 30 s`)), 30000);
      this.pending.set(id, (m) => {
        clearTimeout(timer);
        if (m.error) reject(new Error(`${method}: ${m.error.message}`));
        else resolve(m.result);
      });
    });
  }
  notify(method, params) {
    this.send({ method, params });
  }
  receive(data) {
    this.buffer = Buffer.concat([this.buffer, data]);
    for (;;) {
      const end = this.buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.slice(0, end).toString())[1]);
      if (this.buffer.length < end + 4 + length) return;
      const message = JSON.parse(this.buffer.slice(end + 4, end + 4 + length).toString('utf8'));
      this.buffer = this.buffer.slice(end + 4 + length);
      this.dispatch(message);
    }
  }
  dispatch(m) {
    if (m.id !== undefined && m.method === undefined) {
      const done = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (done) done(m);
    } else if (m.id !== undefined) {
      // A request from the server (configuration, capability registration): answer it.
      const result = m.method === 'workspace/configuration' ? m.params.items.map(() => settings) : null;
      this.send({ id: m.id, result });
    } else if (m.method === 'textDocument/publishDiagnostics') {
      const list = this.diagnostics.get(m.params.uri) || [];
      list.push(m.params.diagnostics);
      this.diagnostics.set(m.params.uri, list);
      this.waiters = this.waiters.filter((w) => !w());
    }
  }
  // The diagnostics of `uri` once the server has published for it and then been quiet
  // for `settleMs` (it may publish more than once while the schema loads).
  async diagnosticsOf(uri, settleMs = 700) {
    const deadline = Date.now() + 30000;
    while (!this.diagnostics.has(uri)) {
      if (Date.now() > deadline) throw new Error(`no diagnostics for ${uri} in 30 s`);
      await new Promise((r) => setTimeout(r, 50));
    }
    for (;;) {
      const count = this.diagnostics.get(uri).length;
      await new Promise((r) => setTimeout(r, settleMs));
      if (this.diagnostics.get(uri).length === count) break;
    }
    const list = this.diagnostics.get(uri);
    return list[list.length - 1];
  }
}

// The editor's settings: validation, hover and completion on; no schema store (it would
// fetch schemas from the network, and a test makes no request).
const settings = {
  validate: true,
  hover: true,
  completion: true,
  format: { enable: false },
  schemaStore: { enable: false },
  schemas: {},
};

function yamlFiles(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...yamlFiles(full));
    else if (entry.name.endsWith('.yaml')) out.push(full);
  }
  return out.sort();
}

let version = 1;
function open(client, file, text) {
  const uri = pathToFileURL(file).href;
  client.notify('textDocument/didOpen', {
    textDocument: { uri, languageId: 'yaml', version: version++, text: text ?? fs.readFileSync(file, 'utf8') },
  });
  return uri;
}

const show = (d) => `${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.message}`;

async function checkShipped(client) {
  const files = yamlFiles(path.join(sourceDir, 'scenarios'));
  if (files.length < 10) fail(`only ${files.length} shipped YAML files found under scenarios/`);
  for (const file of files) {
    const diagnostics = await client.diagnosticsOf(open(client, file));
    for (const d of diagnostics) fail(`${path.relative(sourceDir, file)}:${show(d)}`);
  }
  console.log(`shipped: ${files.length} files`);
}

async function checkInvalid(client) {
  const dir = path.join(__dirname, 'invalid');
  const files = yamlFiles(dir);
  if (files.length === 0) fail('no files in tests/editor/invalid');
  for (const file of files) {
    const name = path.relative(sourceDir, file);
    const expect = /^# expect: (\d+): (.+)$/m.exec(fs.readFileSync(file, 'utf8'));
    if (!expect) {
      fail(`${name}: no '# expect: LINE: TEXT' comment`);
      continue;
    }
    const [line, text] = [Number(expect[1]), expect[2]];
    const diagnostics = await client.diagnosticsOf(open(client, file));
    const hit = diagnostics.filter((d) => d.range.start.line + 1 === line && d.message.includes(text));
    if (hit.length === 0) {
      fail(`${name}: expected '${text}' at line ${line}; got ${diagnostics.length ? diagnostics.map(show).join(' | ') : 'no diagnostics'}`);
    }
    for (const d of diagnostics.filter((d) => !hit.includes(d))) fail(`${name}: also ${show(d)}`);
    console.log(`invalid: ${name}: ${hit.length ? show(hit[0]) : 'missing'}`);
  }
}

// Completion on an empty line inside `plan:`, and hover over a key, in a scenario that
// names the schema in its modeline.
async function checkCompletionAndHover(client) {
  const base = path.join(sourceDir, 'scenarios', 'china-30k.yaml');
  const lines = fs.readFileSync(base, 'utf8').split('\n');
  const planLine = lines.findIndex((l) => l === 'plan:');
  if (planLine < 0) return fail('scenarios/china-30k.yaml has no `plan:` line');
  lines.splice(planLine + 1, 0, '  ');
  const file = path.join(sourceDir, 'scenarios', 'completion-probe.yaml'); // never written
  const uri = open(client, file, lines.join('\n'));
  await client.diagnosticsOf(uri);
  const completion = await client.request('textDocument/completion', {
    textDocument: { uri },
    position: { line: planLine + 1, character: 2 },
  });
  const labels = (Array.isArray(completion) ? completion : completion.items).map((i) => i.label);
  // Offered: the keys of plan in the schema that the file does not set yet; nothing else.
  const schema = JSON.parse(fs.readFileSync(path.join(sourceDir, 'scenarios', 'schema', 'scenario.schema.json'), 'utf8'));
  const planKeys = Object.keys(schema.$defs.complete.properties.plan.properties);
  const end = lines.findIndex((l, i) => i > planLine + 1 && /^\S/.test(l));
  const present = lines.slice(planLine + 1, end < 0 ? undefined : end)
    .map((l) => /^  (\w+):/.exec(l)).filter(Boolean).map((m) => m[1]);
  const expected = planKeys.filter((k) => !present.includes(k));
  if (expected.length < 2) fail(`china-30k.yaml sets nearly every plan key; only ${expected.join(', ')} left to offer`);
  for (const key of expected) {
    if (!labels.includes(key)) fail(`completion under plan: lacks ${key}; offered ${labels.join(', ')}`);
  }
  for (const key of labels) {
    if (!planKeys.includes(key)) fail(`completion under plan: offers ${key}, which is no key of plan`);
  }
  console.log(`completion under plan: ${labels.length} keys: ${labels.join(', ')}`);

  const targetLine = lines.findIndex((l) => /^  target_stores:/.test(l));
  const hover = await client.request('textDocument/hover', {
    textDocument: { uri },
    position: { line: targetLine, character: 4 },
  });
  const text = hover && (hover.contents.value ?? JSON.stringify(hover.contents));
  if (!text || !text.includes('The target number of focal stores') || !text.includes('Unit: stores')) {
    fail(`hover over plan.target_stores shows ${JSON.stringify(text)}`);
  }
  console.log(`hover over target_stores: ${JSON.stringify(text)}`);
}

async function main() {
  const client = new Client();
  const root = pathToFileURL(sourceDir).href;
  await client.request('initialize', {
    processId: process.pid,
    rootUri: root,
    workspaceFolders: [{ uri: root, name: 'rollout' }],
    capabilities: {
      workspace: { configuration: true },
      textDocument: {
        completion: { completionItem: { snippetSupport: false } },
        hover: { contentFormat: ['markdown', 'plaintext'] },
        publishDiagnostics: {},
      },
    },
  });
  client.notify('initialized', {});
  client.notify('workspace/didChangeConfiguration', { settings: { yaml: settings } });
  await checkShipped(client);
  await checkInvalid(client);
  await checkCompletionAndHover(client);
  await client.request('shutdown', null).catch(() => {});
  client.notify('exit', null);
  if (failures.length > 0) {
    console.error(`${failures.length} failure(s):\n  ${failures.join('\n  ')}`);
    if (client.stderr) console.error(`server stderr:\n${client.stderr}`);
    process.exit(1);
  }
  console.log('editor: all checks passed');
  process.exit(0);
}

main().catch((e) => {
  console.error(`check-editor: ${e.stack || e}`);
  process.exit(1);
});
