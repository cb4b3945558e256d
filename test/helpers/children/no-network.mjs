// Preloaded with `node --import` to prove a command works offline: every way Node
// opens a connection or resolves a name is replaced by a refusal that says so on stderr.
import dns from 'node:dns';
import net from 'node:net';
import tls from 'node:tls';

function refuse(what) {
  process.stderr.write(`NETWORK ATTEMPT: ${what}\n`);
  throw new Error(`network is disabled here (${what})`);
}
net.Socket.prototype.connect = function connect() {
  refuse('net.Socket.connect');
};
net.connect = net.createConnection = () => refuse('net.connect');
tls.connect = () => refuse('tls.connect');
dns.lookup = () => refuse('dns.lookup');
dns.resolve = () => refuse('dns.resolve');
dns.promises.lookup = async () => refuse('dns.promises.lookup');
globalThis.fetch = async () => refuse('fetch');
