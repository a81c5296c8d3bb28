// Preloaded by scripts/suite-stats.mjs (`node --require`): counts the node:assert calls a test file
// executes and appends "<count>" to the file named by ZHEN_ASSERT_COUNT when the process exits.
// Counting only; no assertion changes its behaviour.
const Module = require('node:module');
const { appendFileSync } = require('node:fs');
let count = 0;
const wrapped = new Map();
function wrap(target) {
  if (wrapped.has(target)) return wrapped.get(target);
  const proxy = new Proxy(target, {
    apply(fn, self, args) {
      count++;
      return Reflect.apply(fn, self, args);
    },
    get(obj, key, recv) {
      const v = Reflect.get(obj, key, recv);
      if (typeof v === 'function' && key !== 'AssertionError' && key !== 'CallTracker' && /^[a-z]/.test(String(key))) return wrap(v);
      return v;
    },
  });
  wrapped.set(target, proxy);
  return proxy;
}
const load = Module._load;
Module._load = function (request, ...rest) {
  const m = load.call(this, request, ...rest);
  if (/^(node:)?assert(\/strict)?$/.test(request)) return wrap(m);
  return m;
};
process.on('exit', () => {
  if (process.env.ZHEN_ASSERT_COUNT) appendFileSync(process.env.ZHEN_ASSERT_COUNT, `${count}\n`);
});
