// Preloaded into the backend by bench/deployments.mjs (node --require):
// writes the event loop's delay and the RSS to $BENCH_PROBE_FILE every
// 250 ms. Sending SIGUSR2 starts a new window (max since the signal).
// With $BENCH_CPU_PROFILE set, each window is also CPU-profiled (the
// inspector, in-process) into $BENCH_CPU_PROFILE-<window>.cpuprofile,
// written when the next window starts.
const { monitorEventLoopDelay } = require('node:perf_hooks');
const fs = require('node:fs');

const file = process.env.BENCH_PROBE_FILE;
if (file) {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  let since = Date.now();
  const profile =
    process.env.BENCH_CPU_PROFILE && cpuProfiler(process.env.BENCH_CPU_PROFILE);
  process.on('SIGUSR2', () => {
    histogram.reset();
    since = Date.now();
    // Writing the last window's profile blocks the loop (~1 s for 20 s of
    // samples): the window starts again once it is written, so that the
    // profiler's own pause is not counted as the backend's.
    profile?.nextWindow().then(() => {
      histogram.reset();
      since = Date.now();
    });
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

/** One CPU profile per window: the previous one is written as the next starts. */
function cpuProfiler(prefix) {
  const inspector = require('node:inspector');
  const session = new inspector.Session();
  session.connect();
  const post = (method, params) =>
    new Promise((resolve, reject) =>
      session.post(method, params, (error, result) =>
        error ? reject(error) : resolve(result),
      ),
    );
  let window = 0;
  let running = false;
  return {
    nextWindow() {
      const finished = window;
      window += 1;
      return (async () => {
        if (running) {
          const { profile } = await post('Profiler.stop');
          fs.writeFileSync(
            `${prefix}-${finished}.cpuprofile`,
            JSON.stringify(profile),
          );
        } else {
          await post('Profiler.enable');
          await post('Profiler.setSamplingInterval', { interval: 500 });
        }
        await post('Profiler.start');
        running = true;
      })().catch(error => console.error(`cpu profile: ${error}`));
    },
  };
}
