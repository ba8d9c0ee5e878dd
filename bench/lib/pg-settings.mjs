// Server settings of the benchmarks' Postgres. Postgres' default shared_buffers (128 MB) is a
// minimum for tiny machines; a production server gets about a quarter of its memory. 1 GB (of this
// machine's 23 GB) holds the 1M-claim benchmarks' tables and indexes (~1 GB), as a tuned server would:
// with 128 MB, every search re-read pages from the OS cache (15 µs each, ~17,000 of them in a common
// word's search). The app's own embedded Postgres (`npm start`, tests) keeps the defaults.
export const BENCH_PG_SETTINGS = { shared_buffers: "1GB" };
