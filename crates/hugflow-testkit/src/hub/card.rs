//! Dataset cards: the README.md a repository holds, whose YAML front matter is the `cardData`
//! the API returns. JSON is written as YAML block style with JSON-quoted strings (valid YAML),
//! so the README and `cardData` always say the same thing.

use serde_json::Value;

/// `---\n<yaml>---\n\n# <title>\n\n<description>\n`, or no front matter for a `null` card.
pub fn readme(card_data: &Value, title: &str, description: &str) -> String {
    let mut text = String::new();
    if let Value::Object(_) = card_data {
        text.push_str("---\n");
        write_value(&mut text, card_data, 0);
        text.push_str("---\n\n");
    }
    text.push_str(&format!("# {title}\n\n{description}\n"));
    text
}

fn write_value(out: &mut String, value: &Value, indent: usize) {
    let pad = " ".repeat(indent);
    match value {
        Value::Object(map) => {
            for (key, value) in map {
                out.push_str(&format!("{pad}{key}:"));
                write_nested(out, value, indent);
            }
        }
        Value::Array(items) => {
            for item in items {
                out.push_str(&format!("{pad}-"));
                match item {
                    Value::Object(map) if !map.is_empty() => {
                        // The first key goes on the dash line, the rest under it.
                        let mut first = true;
                        for (key, value) in map {
                            if first {
                                out.push_str(&format!(" {key}:"));
                                first = false;
                            } else {
                                out.push_str(&format!("{pad}  {key}:"));
                            }
                            write_nested(out, value, indent + 2);
                        }
                    }
                    _ => {
                        out.push(' ');
                        out.push_str(&scalar(item));
                        out.push('\n');
                    }
                }
            }
        }
        _ => {
            out.push_str(&pad);
            out.push_str(&scalar(value));
            out.push('\n');
        }
    }
}

/// The value of a `key:` line: inline when scalar or empty, else on the following lines.
fn write_nested(out: &mut String, value: &Value, indent: usize) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            out.push('\n');
            write_value(out, value, indent + 2);
        }
        Value::Array(items) if !items.is_empty() => {
            out.push('\n');
            write_value(out, value, indent + 2);
        }
        _ => {
            out.push(' ');
            out.push_str(&scalar(value));
            out.push('\n');
        }
    }
}

fn scalar(value: &Value) -> String {
    match value {
        Value::Object(_) => "{}".into(),
        Value::Array(_) => "[]".into(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn writes_block_yaml() {
        let card = json!({
            "license": "mit",
            "language": ["en", "ms"],
            "configs": [{"config_name": "default", "data_files": [{"split": "train", "path": "data/train-*"}]}],
        });
        assert_eq!(
            readme(&card, "T", "D"),
            "---\nlicense: \"mit\"\nlanguage:\n  - \"en\"\n  - \"ms\"\nconfigs:\n  - config_name: \"default\"\n    data_files:\n      - split: \"train\"\n        path: \"data/train-*\"\n---\n\n# T\n\nD\n"
        );
    }
}
