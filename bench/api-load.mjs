// Open-loop steady load for bench/api.ts, run in a worker thread so the load generator does not
// share the server's event loop. autocannon's own rate limit releases each connection's quota at
// the start of every second (a burst of `rate` requests per second, not a steady rate), so this
// runs N one-connection autocannon instances of rate/N each, their seconds staggered by 1/N s,
// and collects every response time from their 'response' events.
import { parentPort, workerData } from 'node:worker_threads';
import autocannon from 'autocannon';

const { url, rate, seconds, instances, requests } = workerData;
const perInstance = Math.max(1, Math.round(rate / instances));
const latencies = [];
const statuses = {};
let errors = 0;
const runs = [];
for (let i = 0; i < instances; i++) {
  runs.push(new Promise((done) => {
    setTimeout(() => {
      const rotated = [...requests.slice(i % requests.length), ...requests.slice(0, i % requests.length)];
      const instance = autocannon({ url, connections: 1, connectionRate: perInstance, duration: seconds, requests: rotated }, (err, result) => {
        if (err) errors++;
        else errors += result.errors + result.timeouts;
        done();
      });
      instance.on('response', (_client, statusCode, _bytes, responseTime) => {
        latencies.push(responseTime);
        statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
      });
    }, (i * 1000) / instances);
  }));
}
await Promise.all(runs);
parentPort.postMessage({ latencies, statuses, errors, perInstance });
