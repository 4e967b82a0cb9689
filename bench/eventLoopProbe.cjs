// Preloaded into the backend by bench/deployments.mjs (node --require):
// writes the event loop's delay and the RSS to $BENCH_PROBE_FILE every
// 250 ms. Sending SIGUSR2 starts a new window (max since the signal).
const { monitorEventLoopDelay } = require('node:perf_hooks');
const fs = require('node:fs');

const file = process.env.BENCH_PROBE_FILE;
if (file) {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  let since = Date.now();
  process.on('SIGUSR2', () => {
    histogram.reset();
    since = Date.now();
  });
  // What the RSS is made of: the JS heap, or buffers and native memory.
  const memory = () => {
    const m = process.memoryUsage();
    return {
      rssBytes: m.rss,
      heapUsedBytes: m.heapUsed,
      heapTotalBytes: m.heapTotal,
      externalBytes: m.external,
      arrayBuffersBytes: m.arrayBuffers,
    };
  };
  setInterval(() => {
    fs.writeFileSync(
      file,
      JSON.stringify({
        since,
        at: Date.now(),
        maxMs: histogram.max / 1e6,
        p99Ms: histogram.percentile(99) / 1e6,
        ...memory(),
      }),
    );
  }, 250).unref();
}
