// Preloaded into the Agents Playground (see playground.mjs). It listens on every address and relays
// whatever it is sent to the bot, which runs without authentication in local mode: a server given only a
// port listens on the loopback address instead, so nothing beyond this machine reaches either.
const net = require('node:net');

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function listenOnLoopback(...args) {
  if (typeof args[0] === 'number' && (args.length === 1 || typeof args[1] === 'function')) args.splice(1, 0, '127.0.0.1');
  return listen.apply(this, args);
};
