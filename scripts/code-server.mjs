// A real VS Code for tests and `npm start`, offline: code-server (VS Code in the browser, with the Node
// extension host on the server) installed on demand from npm, started in a throw-away home, and
// Debian's Chromium driven by playwright-core. No dependencies beyond Node (playwright-core is loaded
// only by launchChromium). See ../shared/notes/real-vscode-testing.md for what was tried and why.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Synchronous last-resort cleanups, run when this process ends without having cleaned up (an uncaught
 * error, process.exit, a closed stdout): kill what we started, remove the temp folders we made.
 */
const atExit = new Set();
process.on('exit', () => {
  for (const cleanup of atExit) cleanup();
});

/** code-server 4.100.3 is VS Code 1.100.3, the newest release that runs on Node 20. */
export const CODE_SERVER_VERSION = '4.100.3';
const VSCODE_VERSION = '1.100.3';
/** The @vscode/ripgrep that this code-server pins, and the asset its postinstall would download. */
const RIPGREP_PACKAGE_VERSION = '1.15.11';
const RIPGREP_ASSET = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';

const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Reused by every clone of the repo on this machine; outside the repo so `git clean` keeps it. */
export function codeServerCacheDir() {
  const cacheHome = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(cacheHome, 'marginalia', `code-server-${CODE_SERVER_VERSION}`);
}

/** Files that only a complete install has; checked before a cached install is trusted. */
function installProblems(dir) {
  return [
    'code-server/out/node/entry.js',
    'argon2/lib/binding/napi-v3/argon2.node',
    // made by code-server's postinstall, which installs VS Code's own dependencies:
    'code-server/lib/vscode/node_modules.asar',
    'code-server/lib/vscode/node_modules/@vscode/ripgrep/bin/rg',
    'code-server/lib/vscode/node_modules/kerberos/build/Release/kerberos.node',
    'code-server/lib/vscode/node_modules/node-pty/build/Release/pty.node',
  ]
    .map((p) => path.join(dir, 'node_modules', p))
    .filter((p) => !fs.existsSync(p));
}

function tail(file, lines = 40) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return `(no log at ${file})`;
  }
}

/**
 * Installs code-server into the cache folder unless a complete install is there already.
 * The install goes into a sibling temp folder that is renamed into place only once it is
 * complete, so an interrupted or failed install is never mistaken for a good one.
 * @returns {{ dir: string, entry: string }} the install folder and the script to run with node
 */
export function ensureCodeServer({ log = (msg) => console.log(msg) } = {}) {
  const dir = codeServerCacheDir();
  const result = { dir, entry: path.join(dir, 'node_modules/code-server/out/node/entry.js') };
  if (fs.existsSync(dir) && installProblems(dir).length === 0) return result;
  if (fs.existsSync(dir)) {
    log(`code-server: the cached install at ${dir} is incomplete; installing it again`);
    fs.rmSync(dir, { recursive: true, force: true });
  }

  const rg = findOnPath('rg');
  if (!rg) throw new Error('code-server: `rg` (Debian package ripgrep) is missing: run `bash scripts/ensure-system.sh`');

  const parent = path.dirname(dir);
  fs.mkdirSync(parent, { recursive: true });
  // Leftovers of installs that were killed midway (an install takes about a minute, not an hour).
  for (const name of fs.readdirSync(parent)) {
    const leftover = path.join(parent, name);
    if (name.startsWith('.installing-code-server-') && Date.now() - fs.statSync(leftover).mtimeMs > 3_600_000) {
      fs.rmSync(leftover, { recursive: true, force: true });
    }
  }
  const staging = fs.mkdtempSync(path.join(parent, `.installing-code-server-${CODE_SERVER_VERSION}-`));
  const tmp = path.join(staging, '.tmp');
  const logFile = path.join(parent, `code-server-${CODE_SERVER_VERSION}-install.log`);
  const started = Date.now();
  log(`code-server: installing ${CODE_SERVER_VERSION} into ${dir} (once per machine, about a minute; log: ${logFile})`);
  try {
    fs.writeFileSync(
      path.join(staging, 'package.json'),
      JSON.stringify(
        {
          name: 'marginalia-code-server',
          private: true,
          dependencies: { 'code-server': CODE_SERVER_VERSION },
          // npm 11's install-script policy: approve the two packages whose scripts code-server needs
          // (its postinstall installs VS Code's own dependencies; argon2 builds its addon).
          allowScripts: { [`code-server@${CODE_SERVER_VERSION}`]: true, argon2: true },
        },
        null,
        2,
      ),
    );
    // @vscode/ripgrep's postinstall downloads `rg` from GitHub unless this cached asset exists in
    // $TMPDIR; Debian's rg (the file `rg` at the tarball's root) is a fine stand-in.
    const ripgrepCache = path.join(tmp, `vscode-ripgrep-cache-${RIPGREP_PACKAGE_VERSION}`);
    fs.mkdirSync(ripgrepCache, { recursive: true });
    runOrThrow('tar', ['-czf', path.join(ripgrepCache, RIPGREP_ASSET), '-C', path.dirname(rg), path.basename(rg)]);

    const out = fs.openSync(logFile, 'w');
    const npm = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--no-update-notifier', '--loglevel=http'], {
      cwd: staging,
      stdio: ['ignore', out, out],
      env: {
        ...process.env,
        TMPDIR: tmp,
        // code-server's postinstall (run as root) refuses unless npm says unsafe-perm; npm 11 no
        // longer knows the setting ("Unknown env config") but still passes the variable on.
        npm_config_unsafe_perm: 'true',
        // node-pty's install runs `npx node-gyp`, which waits for a "yes" that no one types.
        npm_config_yes: 'true',
      },
    });
    fs.closeSync(out);
    if (npm.status !== 0) {
      throw new Error(`npm install of code-server failed (exit ${npm.status ?? npm.signal}); last lines of ${logFile}:\n${tail(logFile)}`);
    }
    const problems = installProblems(staging);
    if (problems.length > 0) {
      throw new Error(`the code-server install is incomplete (an install script was skipped or failed?); missing:\n  ${problems.join('\n  ')}\nlog: ${logFile}`);
    }
    fs.rmSync(tmp, { recursive: true, force: true });
    try {
      fs.renameSync(staging, dir);
    } catch (error) {
      // Another run finished the same install first: use theirs.
      if (!(fs.existsSync(dir) && installProblems(dir).length === 0)) throw error;
    }
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  log(`code-server: installed in ${Math.round((Date.now() - started) / 1000)} s`);
  return result;
}

function findOnPath(name) {
  for (const d of (process.env.PATH || '').split(path.delimiter)) {
    const candidate = path.join(d, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not in this folder
    }
  }
  return undefined;
}

function runOrThrow(command, args) {
  const r = spawnSync(command, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${r.stderr || r.error}`);
}

/** A port on 127.0.0.1 that nothing listens on right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {net.AddressInfo} */ (server.address());
      server.close(() => resolve(port));
    });
  });
}

/** The pids of every living descendant of `pid`, read from /proc, deepest last. */
function descendants(pid) {
  const children = new Map();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    // The command name (field 2) may hold spaces and parentheses: parse after its closing ')'.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (!children.has(ppid)) children.set(ppid, []);
    children.get(ppid).push(Number(entry));
  }
  const found = [];
  const queue = [pid];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

/**
 * Memory of a process and (by default) its descendants in MB: the sum of their proportional set
 * sizes (Pss: shared pages split between their users, so Chromium's many processes add up honestly).
 */
export function memoryMb(pid, { withDescendants = true } = {}) {
  let kb = 0;
  for (const p of withDescendants ? [pid, ...descendants(pid)] : [pid]) {
    try {
      kb += Number(/^Pss:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${p}/smaps_rollup`, 'utf8'))?.[1] ?? 0);
    } catch {
      // exited meanwhile
    }
  }
  return Math.round(kb / 1024);
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function signal(pids, sig) {
  for (const pid of pids) {
    try {
      process.kill(pid, sig);
    } catch {
      // already gone
    }
  }
}

/**
 * Ends `pid` and all its descendants: SIGTERM, then SIGKILL for what is left after `graceMs`.
 * The tree is read before anything is signalled, because orphans are re-parented and lost.
 */
export async function killTree(pid, graceMs = 3000) {
  const pids = new Set([pid, ...descendants(pid)]);
  signal(pids, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && [...pids].some(alive)) {
    for (const p of [...pids]) for (const d of alive(p) ? descendants(p) : []) pids.add(d);
    await new Promise((r) => setTimeout(r, 100));
  }
  for (const p of [...pids]) for (const d of alive(p) ? descendants(p) : []) pids.add(d);
  signal([...pids].filter(alive), 'SIGKILL');
}

/**
 * Starts code-server on a free port of 127.0.0.1 (or `port`), in a fresh run folder that holds its
 * HOME, XDG folders, TMPDIR, user data, extensions and log, and waits until it answers /healthz.
 * @param {object} options
 * @param {string} options.folder the folder the workbench opens by default
 * @param {Record<string,string>} [options.env] extra environment (reaches the extension host)
 * @param {Record<string,unknown>} [options.settings] user settings (User/settings.json of the fresh profile)
 * @param {unknown[]} [options.keybindings] user keybindings (User/keybindings.json of the fresh profile)
 * @param {string} [options.vsix] a .vsix installed into the fresh profile before it starts, as a user installs it
 * @param {boolean} [options.workspaceTrust] leave Workspace Trust on (default: off, every folder trusted)
 * @param {number} [options.port]
 * @param {number} [options.timeoutMs] how long to wait for /healthz
 * @returns {Promise<{url: string, port: number, pid: number, runDir: string, logFile: string, userDataDir: string, extensionsDir: string, stop: () => Promise<void>,
 *   exit: Promise<number|string>,
 *   workbenchUrl: (o: {folder?: string, extensionDevelopmentPath?: string, extensionTestsPath?: string}) => string}>}
 */
export async function startCodeServer({ folder, env = {}, settings, keybindings, vsix, workspaceTrust = false, port, timeoutMs = 60_000, log = (msg) => console.log(msg) }) {
  const { entry } = ensureCodeServer({ log });
  port ??= await freePort();
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'marginalia-code-server-'));
  const dirs = Object.fromEntries(
    ['home', 'config', 'data', 'cache', 'state', 'runtime', 'tmp', 'user-data', 'extensions'].map((d) => {
      const p = path.join(runDir, d);
      fs.mkdirSync(p, { mode: 0o700 });
      return [d, p];
    }),
  );
  for (const [file, content] of [['settings.json', settings], ['keybindings.json', keybindings]]) {
    if (!content) continue;
    fs.mkdirSync(path.join(dirs['user-data'], 'User'), { recursive: true });
    fs.writeFileSync(path.join(dirs['user-data'], 'User', file), JSON.stringify(content, null, 2));
  }
  const configFile = path.join(runDir, 'config.yaml');
  fs.writeFileSync(configFile, '');
  const logFile = path.join(runDir, 'code-server.log');
  const profile = ['--user-data-dir', dirs['user-data'], '--extensions-dir', dirs.extensions];
  const childEnv = {
    ...process.env,
    HOME: dirs.home,
    XDG_CONFIG_HOME: dirs.config,
    XDG_DATA_HOME: dirs.data,
    XDG_CACHE_HOME: dirs.cache,
    XDG_STATE_HOME: dirs.state,
    XDG_RUNTIME_DIR: dirs.runtime,
    TMPDIR: dirs.tmp,
    // No marketplace: otherwise it tries one on the internet.
    EXTENSIONS_GALLERY: '{}',
    ...env,
  };
  if (vsix) {
    // As a user installs it: code-server's own --install-extension, into this fresh profile.
    const install = spawnSync(process.execPath, [entry, ...profile, '--install-extension', path.resolve(vsix)], { env: childEnv, encoding: 'utf8' });
    if (install.status !== 0) {
      fs.rmSync(runDir, { recursive: true, force: true });
      throw new Error(`code-server --install-extension ${vsix} failed (exit ${install.status ?? install.signal}):\n${install.stdout}${install.stderr}`);
    }
  }
  const out = fs.openSync(logFile, 'w');
  const args = [
    entry,
    '--config', configFile,
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    ...profile,
    '--disable-telemetry',
    '--disable-update-check',
    ...(workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    '--ignore-last-opened',
    folder,
  ];
  const child = spawn(process.execPath, args, { stdio: ['ignore', out, out], env: childEnv });
  fs.closeSync(out);
  let exited = null;
  /** Settles with code-server's exit code (or signal) when it ends. */
  const exit = new Promise((resolve) => child.on('exit', (code, sig) => resolve((exited = sig ?? code))));

  // Only synchronous work is possible at exit: SIGKILL the tree at once.
  const killOnExit = () => {
    if (child.pid !== undefined) signal([child.pid, ...descendants(child.pid)], 'SIGKILL');
    fs.rmSync(runDir, { recursive: true, force: true });
  };
  atExit.add(killOnExit);
  // Every caller (the runner's finally, a Ctrl-C handler) waits for the one and only stop.
  let stopping;
  const stop = () =>
    (stopping ??= (async () => {
      if (child.pid !== undefined) await killTree(child.pid);
      fs.rmSync(runDir, { recursive: true, force: true });
      atExit.delete(killOnExit);
    })());

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited !== null) {
      const message = `code-server exited (${exited}) before it was ready; last lines of its log:\n${tail(logFile)}`;
      await stop();
      throw new Error(message);
    }
    try {
      const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      const message = `code-server did not answer ${url}/healthz within ${timeoutMs / 1000} s; last lines of its log:\n${tail(logFile)}`;
      await stop();
      throw new Error(message);
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  /** The workbench URL; with a `payload` as VS Code's own browser tests use it (see the notes). */
  const workbenchUrl = ({ folder: open = folder, extensionDevelopmentPath, extensionTestsPath } = {}) => {
    const remote = (p) => `vscode-remote://127.0.0.1:${port}${path.resolve(p)}`;
    const payload = [];
    if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(extensionDevelopmentPath)]);
    if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
    payload.push(['skipWelcome', 'true']);
    return `${url}/?folder=${encodeURIComponent(path.resolve(open))}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  };

  return { url, port, pid: child.pid, runDir, logFile, userDataDir: dirs['user-data'], extensionsDir: dirs.extensions, stop, workbenchUrl, exit };
}

/**
 * Debian's Chromium, headless, through playwright-core, in a fresh profile folder.
 * @returns {Promise<{context: import('playwright-core').BrowserContext, page: import('playwright-core').Page, close: () => Promise<void>}>}
 */
export async function launchChromium({ viewport = { width: 1400, height: 900 } } = {}) {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`no Chromium at ${CHROMIUM_PATH}: run \`bash scripts/ensure-system.sh\` (or set CHROMIUM_PATH)`);
  }
  const { chromium } = await import('playwright-core');
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'marginalia-chromium-'));
  // Playwright kills the browser when this process exits; its profile folder is ours to remove.
  const removeProfile = () => fs.rmSync(profile, { recursive: true, force: true });
  atExit.add(removeProfile);
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      viewport,
      args: [
        '--no-sandbox', // we are root
        '--disable-gpu',
        // This machine's network is closed: without these Chromium keeps dialling Google's hosts.
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  } catch (error) {
    removeProfile();
    atExit.delete(removeProfile);
    throw error;
  }
  const page = context.pages()[0] ?? (await context.newPage());
  let closing;
  const close = () =>
    (closing ??= (async () => {
      await context.close();
      removeProfile();
      atExit.delete(removeProfile);
    })());
  return { context, page, close };
}

/**
 * A fresh temp copy of `source` (tests may write into it; never into the repo's sample), removed
 * when this process exits.
 */
export function tempCopy(source, prefix = 'marginalia-workspace-') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  atExit.add(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.cpSync(source, dir, { recursive: true });
  return dir;
}

/** Runs `cleanup` once on Ctrl-C / SIGTERM, then exits with the conventional code. */
export function onInterrupt(cleanup) {
  let done = false;
  const handler = (sig) => {
    if (done) return;
    done = true;
    process.stderr.write(`\n${sig}: cleaning up\n`);
    Promise.resolve(cleanup()).finally(() => process.exit(sig === 'SIGINT' ? 130 : 143));
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}

/**
 * User settings that make code-server run the extension (development or installed) in the browser's
 * web-worker extension host, from its `browser` entry, as vscode.dev and github.dev do: honoured by
 * code-server 4.100.3 though its settings schema lists only "ui" and "workspace".
 */
export const WEB_WORKER_SETTINGS = { 'remote.extensionKind': { 'marginalia.marginalia': ['web'] } };

/**
 * The lines of the Node extension host's logs (remoteexthost.log under the user data) that name
 * `extensionId`: none when the extension ran only in the browser's web worker. Read before `stop()`.
 * @returns {{ logs: number, lines: string[] }} how many such logs there are, and the lines
 */
export function nodeExtensionHostMentions(codeServer, extensionId) {
  const logs = fs
    .readdirSync(path.join(codeServer.runDir, 'user-data'), { recursive: true, encoding: 'utf8' })
    .filter((file) => path.basename(file) === 'remoteexthost.log')
    .map((file) => path.join(codeServer.runDir, 'user-data', file));
  // The host's first line lists every extension it was told of, the development one included even
  // when it runs in the web worker: being listed is not running there; any other mention is.
  const lines = logs.flatMap((file) =>
    fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line.includes(extensionId) && !line.includes('Creating extension host with the following global extensions')),
  );
  return { logs: logs.length, lines };
}

/**
 * What the test runners need: a temp copy of `sample` opened by code-server, and Chromium.
 * `codeServerOptions` go to startCodeServer (an installed .vsix, Workspace Trust, keybindings).
 * `cleanup()` (also run on Ctrl-C) closes the browser, stops code-server and removes the copy.
 * Also keeps the runner alive when its stdout is closed early (`| head`), so that it still cleans up.
 * `web`: the extension runs in the browser's web worker (WEB_WORKER_SETTINGS), not in Node.
 * @returns {Promise<{workspace: string, codeServer: Awaited<ReturnType<typeof startCodeServer>>,
 *   page: import('playwright-core').Page, cleanup: () => Promise<void>}>}
 */
export async function startSession({ sample, env, viewport, web = false, codeServerOptions = {} }) {
  process.stdout.on('error', (error) => {
    if (error.code !== 'EPIPE') throw error;
  });
  const workspace = tempCopy(sample);
  let codeServer;
  let browser;
  let cleaning;
  const cleanup = () =>
    (cleaning ??= (async () => {
      await browser?.close();
      await codeServer?.stop();
      fs.rmSync(workspace, { recursive: true, force: true });
    })());
  onInterrupt(cleanup);
  try {
    codeServer = await startCodeServer({ folder: workspace, env, settings: web ? WEB_WORKER_SETTINGS : undefined, ...codeServerOptions });
    browser = await launchChromium({ viewport });
  } catch (error) {
    await cleanup();
    throw error;
  }
  return { workspace, codeServer, page: browser.page, cleanup };
}

/** Exits with 2 and a hint when a build output that a runner needs is missing. */
export function requireBuilt(repo, outputs, runner) {
  for (const [file, command] of outputs) {
    if (!fs.existsSync(path.join(repo, file))) {
      console.error(`${runner}: ${file} is missing: run \`${command}\` first (or \`npm test\`)`);
      process.exit(2);
    }
  }
}

/**
 * `node scripts/code-server.mjs serve FOLDER [--extension-development-path DIR] [--port N]`, used by
 * `npm start`: code-server with the extension loaded from DIR, until Ctrl-C.
 */
async function serve(argv) {
  const { parseArgs } = await import('node:util');
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { 'extension-development-path': { type: 'string' }, port: { type: 'string' } },
  });
  const folder = path.resolve(positionals[0] ?? '.');
  const codeServer = await startCodeServer({ folder, port: values.port ? Number(values.port) : undefined });
  let stopping = false;
  onInterrupt(() => {
    stopping = true;
    return codeServer.stop();
  });
  const url = codeServer.workbenchUrl({ folder, extensionDevelopmentPath: values['extension-development-path'] });
  console.log(`
  VS Code ${VSCODE_VERSION} (code-server ${CODE_SERVER_VERSION}) with the extension loaded, open in your browser:

    ${url}

  Folder: ${folder}
  After a rebuild (npm run build, or npm run watch in another terminal): F1 > "Developer: Reload Window".
  Ctrl-C stops it. Its log: ${codeServer.logFile}
`);
  const code = await codeServer.exit;
  if (stopping) return; // Ctrl-C: onInterrupt exits once stop() is done
  console.error(`code-server exited (${code}); last lines of its log:\n${tail(codeServer.logFile)}`);
  await codeServer.stop();
  process.exit(1);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [command, ...rest] = process.argv.slice(2);
  if (command !== 'serve') {
    console.error('usage: node scripts/code-server.mjs serve FOLDER [--extension-development-path DIR] [--port N]');
    process.exit(2);
  }
  await serve(rest);
}
