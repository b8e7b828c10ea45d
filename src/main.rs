fn main() -> std::process::ExitCode {
    medspil::cli::main()
}
