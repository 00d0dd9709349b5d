// A minimal W3C WebDriver client over fetch, for driving Debian's chromedriver and chromium.
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

// WebDriver key codes (the "Keys" table of the specification).
export const Key = {
  Enter: '\uE007',
  Escape: '\uE00C',
  ArrowUp: '\uE013',
  ArrowDown: '\uE015',
};

export class WebDriverError extends Error {}

// Starts chromedriver on `port` and waits until it is ready. Returns the child process.
export async function startChromedriver(binary, port) {
  const child = spawn(binary, [`--port=${port}`, '--allowed-ips=127.0.0.1'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const deadline = Date.now() + 20000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new WebDriverError(`chromedriver exited with ${child.exitCode}`);
    try {
      const r = await fetch(`http://127.0.0.1:${port}/status`);
      const body = await r.json();
      if (body.value && body.value.ready) return child;
    } catch (e) {
      // not listening yet
    }
    await sleep(100);
  }
  child.kill();
  throw new WebDriverError('chromedriver did not become ready within 20 s');
}

export class Session {
  constructor(base, id) {
    this.base = base;
    this.id = id;
  }

  // Opens a browser session. `args` are Chromium command line switches.
  static async create(driverPort, binary, args) {
    const base = `http://127.0.0.1:${driverPort}`;
    const value = await command(base, 'POST', '/session', {
      capabilities: {
        alwaysMatch: {
          browserName: 'chrome',
          pageLoadStrategy: 'normal',
          'goog:chromeOptions': { binary, args },
        },
      },
    });
    return new Session(base, value.sessionId);
  }

  cmd(method, path, body) {
    return command(this.base, method, `/session/${this.id}${path}`, body);
  }

  close() { return this.cmd('DELETE', ''); }
  goto(url) { return this.cmd('POST', '/url', { url }); }
  url() { return this.cmd('GET', '/url'); }
  back() { return this.cmd('POST', '/back', {}); }
  forward() { return this.cmd('POST', '/forward', {}); }
  setWindowSize(width, height) { return this.cmd('POST', '/window/rect', { width, height }); }

  // Runs `script` (a function body; arguments in `arguments`) in the page.
  exec(script, ...args) { return this.cmd('POST', '/execute/sync', { script, args }); }

  async find(css) {
    const v = await this.cmd('POST', '/element', { using: 'css selector', value: css });
    return v[ELEMENT];
  }

  async click(css) {
    const id = await this.waitFor(`return !!document.querySelector(${JSON.stringify(css)})`, `element ${css}`)
      .then(() => this.find(css));
    return this.cmd('POST', `/element/${id}/click`, {});
  }

  async type(css, text) {
    const id = await this.find(css);
    return this.cmd('POST', `/element/${id}/value`, { text });
  }

  // Presses keys on whatever has focus, as a user would.
  keys(...keys) {
    const actions = [];
    for (const k of keys) actions.push({ type: 'keyDown', value: k }, { type: 'keyUp', value: k });
    return this.cmd('POST', '/actions', { actions: [{ type: 'key', id: 'keyboard', actions }] });
  }

  // PNG bytes of the viewport.
  async screenshot() {
    return Buffer.from(await this.cmd('GET', '/screenshot'), 'base64');
  }

  // Polls `script` until it returns a truthy value, which is returned.
  async waitFor(script, what, timeoutMs = 15000, ...args) {
    const deadline = Date.now() + timeoutMs;
    let last;
    while (Date.now() < deadline) {
      last = await this.exec(script, ...args);
      if (last) return last;
      await sleep(50);
    }
    throw new WebDriverError(`timed out after ${timeoutMs} ms waiting for ${what}`);
  }
}

async function command(base, method, path, body) {
  const res = await fetch(base + path, {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json();
  if (!res.ok) {
    const v = json.value || {};
    throw new WebDriverError(`${method} ${path}: ${v.error || res.status}: ${(v.message || '').split('\n')[0]}`);
  }
  return json.value;
}
