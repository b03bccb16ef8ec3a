use std::process::ExitCode;

fn main() -> ExitCode {
    unibox::cli::main()
}
