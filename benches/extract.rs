//! Benchmark scaffold (replaced by the extraction benchmark).
fn main() {}
