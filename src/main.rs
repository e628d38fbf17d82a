//! The `regionwatch` binary: a thin front over the library's [`regionwatch::cli`].

fn main() -> std::process::ExitCode {
    regionwatch::cli::main()
}
