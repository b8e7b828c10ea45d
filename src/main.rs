// A thread-caching allocator: the server allocates many small strings per request on several
// threads, where glibc's malloc spends much of its time in locks.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    medspil::cli::main()
}
