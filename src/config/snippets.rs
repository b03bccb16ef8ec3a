//! `snippets.toml`, beside config.toml: the canned replies the composer offers.
//!
//! ```toml
//! [[snippet]]
//! name = "thanks"
//! text = "Thank you {first_name}! — {agent}"
//! ```

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::file::describe_toml_error;

/// One canned reply as written: placeholders (`{name}`, `{first_name}`, `{agent}`) unfilled.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SnippetEntry {
    pub name: String,
    pub text: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SnippetsFile {
    #[serde(default)]
    snippet: Vec<SnippetEntry>,
}

#[derive(Debug, thiserror::Error)]
pub enum SnippetsError {
    #[error("{}: cannot read it ({source}); no canned replies until it is fixed", file.display())]
    Read { file: PathBuf, source: io::Error },
    #[error(
        "{}: {message}; no canned replies until it is fixed (each is [[snippet]] with name = \"…\" and text = \"…\")",
        file.display()
    )]
    Syntax { file: PathBuf, message: String },
    #[error("{}: snippet {number} has a blank name or text; no canned replies until it is fixed", file.display())]
    Blank { file: PathBuf, number: usize },
}

/// The canned replies in `file`, in its order; none when there is no file.
pub fn read_snippets(file: &Path) -> Result<Vec<SnippetEntry>, SnippetsError> {
    let text = match fs::read_to_string(file) {
        Ok(text) => text,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => {
            return Err(SnippetsError::Read {
                file: file.to_owned(),
                source,
            });
        }
    };
    let parsed: SnippetsFile = toml::from_str(&text).map_err(|error| SnippetsError::Syntax {
        file: file.to_owned(),
        message: describe_toml_error(&text, &error),
    })?;
    if let Some(index) = parsed
        .snippet
        .iter()
        .position(|s| s.name.trim().is_empty() || s.text.trim().is_empty())
    {
        return Err(SnippetsError::Blank {
            file: file.to_owned(),
            number: index + 1,
        });
    }
    Ok(parsed.snippet)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<Vec<SnippetEntry>, SnippetsError> {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("snippets.toml");
        fs::write(&file, text).unwrap();
        read_snippets(&file)
    }

    #[test]
    fn snippets_are_read_in_order_and_a_missing_file_is_none() {
        let snippets = read(
            "[[snippet]]\nname = \"hi\"\ntext = \"Hello {first_name}\"\n\
             [[snippet]]\nname = \"bye\"\ntext = \"Bye\"\n",
        )
        .unwrap();
        let names: Vec<&str> = snippets.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["hi", "bye"]);
        assert_eq!(
            read_snippets(Path::new("/nonexistent/snippets.toml")).unwrap(),
            []
        );
    }

    #[test]
    fn a_malformed_file_says_where_and_how_it_should_look() {
        let error = read("[[snippet]]\nname = \"hi\"\ntext = \n").unwrap_err();
        let message = error.to_string();
        assert!(message.contains("snippets.toml: line 3"), "{message}");
        assert!(message.contains("[[snippet]] with name"), "{message}");
        let error = read("[[snippet]]\nname = \"hi\"\n")
            .unwrap_err()
            .to_string();
        assert!(error.contains("missing field `text`"), "{error}");
        let error = read("[[snippet]]\nname = \" \"\ntext = \"x\"\n").unwrap_err();
        assert!(
            error.to_string().contains("snippet 1 has a blank name"),
            "{error}"
        );
    }
}
