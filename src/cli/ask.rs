//! A yes/no question for a write from the command line (`webhooks register`, `send`).

use std::io::{self, BufRead, Read, Write};

/// Asks on stderr and reads one line of stdin: only `y` or `yes` agrees; anything else, an
/// empty line or no input at all, does not.
pub fn confirm(question: &str) -> bool {
    eprint!("{question} [y/N] ");
    let _ = io::stderr().flush();
    let mut answer = String::new();
    let mut input = io::stdin().lock().take(64);
    if input.read_line(&mut answer).is_err() {
        return false;
    }
    agrees(&answer)
}

/// Whether an answer is a yes.
fn agrees(answer: &str) -> bool {
    matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes")
}

#[cfg(test)]
mod tests {
    use super::agrees;

    #[test]
    fn only_y_or_yes_agrees() {
        for yes in ["y\n", "Y", " yes \n", "YES"] {
            assert!(agrees(yes), "{yes:?}");
        }
        for no in ["", "\n", "n", "no", "yy", "ye", "y e s", "oui"] {
            assert!(!agrees(no), "{no:?}");
        }
    }
}
