//! The columns of a generated dataset, by kind (speech: `audio`, `text`, `speaker_id`; QA:
//! `context`, `question`, `answers`; ...), and rows of plausible values in its language. The
//! same rows feed the viewer's first rows and the generated JSON/JSONL files.

use serde_json::{Map, Value, json};

use super::prng::Rng;
use super::viewer::{Feature, FeatureType};
use super::words::{ENGLISH_WORDS, MALAY_WORDS};

/// The features of a dataset of domain `key`, whose languages are `languages`.
pub fn features(key: &str, languages: &[&str], rng: &mut Rng) -> Vec<Feature> {
    let string = || FeatureType::value("string");
    let f = Feature::new;
    match key {
        "asr" => vec![
            f(
                "audio",
                FeatureType::Audio {
                    sampling_rate: 16_000,
                },
            ),
            f("text", string()),
            f("speaker_id", FeatureType::value("int64")),
            f("duration", FeatureType::value("float32")),
        ],
        "tts" => vec![
            f(
                "audio",
                FeatureType::Audio {
                    sampling_rate: rng.pick(&[22_050, 24_000, 44_100]),
                },
            ),
            f("text", string()),
            f("speaker", string()),
        ],
        "conversations" => vec![f(
            "messages",
            FeatureType::List(Box::new(FeatureType::Struct(vec![
                f("role", string()),
                f("content", string()),
            ]))),
        )],
        "qa" => vec![
            f("id", string()),
            f("title", string()),
            f("context", string()),
            f("question", string()),
            f(
                "answers",
                FeatureType::Struct(vec![
                    f("text", FeatureType::List(Box::new(string()))),
                    f(
                        "answer_start",
                        FeatureType::List(Box::new(FeatureType::value("int32"))),
                    ),
                ]),
            ),
        ],
        "instruct" => vec![
            f("instruction", string()),
            f("input", string()),
            f("output", string()),
        ],
        "code" => vec![
            f("prompt", string()),
            f("completion", string()),
            f("language", string()),
        ],
        "math" => vec![
            f("problem", string()),
            f("solution", string()),
            f("answer", string()),
        ],
        "captions" => vec![f("image", FeatureType::Image), f("caption", string())],
        "image-classification" => vec![
            f("image", FeatureType::Image),
            f(
                "label",
                FeatureType::ClassLabel(
                    ["cat", "dog", "bird", "car", "tree"]
                        .map(String::from)
                        .into(),
                ),
            ),
        ],
        "translation" => {
            let target = languages.iter().find(|l| **l != "en").unwrap_or(&"ms");
            vec![f(
                "translation",
                FeatureType::Struct(vec![f("en", string()), f(target, string())]),
            )]
        }
        "classification" => vec![
            f("text", string()),
            f(
                "label",
                FeatureType::ClassLabel(
                    ["negative", "neutral", "positive"].map(String::from).into(),
                ),
            ),
        ],
        _ => vec![f("document", string()), f("summary", string())],
    }
}

/// A sentence of `words` words in `language` (Malay or, for every other language, English).
pub fn sentence(rng: &mut Rng, language: &str, words: usize) -> String {
    let vocabulary = if language == "ms" {
        MALAY_WORDS
    } else {
        ENGLISH_WORDS
    };
    let mut text = String::new();
    for i in 0..words {
        if i > 0 {
            text.push(' ');
        }
        text.push_str(rng.pick(vocabulary));
    }
    text
}

/// One row's cells, in feature order. Audio cells are `null` (the viewer renders a URL),
/// image cells `{"height", "width"}`.
pub fn row(features: &[Feature], language: &str, index: usize, rng: &mut Rng) -> Vec<Value> {
    features
        .iter()
        .map(|feature| cell(&feature.name, &feature.kind, language, index, rng))
        .collect()
}

fn cell(name: &str, kind: &FeatureType, language: &str, index: usize, rng: &mut Rng) -> Value {
    match kind {
        FeatureType::Audio { .. } => Value::Null,
        FeatureType::Image => {
            json!({"height": rng.range(240, 1080), "width": rng.range(320, 1920)})
        }
        FeatureType::ClassLabel(names) => Value::from(rng.below(names.len() as u64)),
        FeatureType::List(inner) => {
            let count = if name == "messages" {
                2
            } else {
                rng.range(1, 3) as usize
            };
            Value::Array(
                (0..count)
                    .map(|i| match (name, &**inner) {
                        ("messages", FeatureType::Struct(_)) => json!({
                            "role": if i % 2 == 0 { "user" } else { "assistant" },
                            "content": sentence(rng, language, 8),
                        }),
                        _ => cell(name, inner, language, index, rng),
                    })
                    .collect(),
            )
        }
        FeatureType::Struct(fields) => Value::Object(
            fields
                .iter()
                .map(|f| (f.name.clone(), cell(&f.name, &f.kind, &f.name, index, rng)))
                .collect::<Map<_, _>>(),
        ),
        FeatureType::Value(dtype) => match (name, dtype.as_str()) {
            ("id", _) => Value::from(format!("{index:06}")),
            ("speaker_id", _) => Value::from(rng.below(400)),
            ("duration", _) => Value::from((rng.range(800, 1600) as f64) / 100.0),
            ("speaker", _) => Value::from(format!("spk_{:03}", rng.below(40))),
            ("language", _) => Value::from(rng.pick(&["python", "rust", "go", "javascript"])),
            ("answer", _) => Value::from(rng.below(1000).to_string()),
            ("completion", _) => {
                Value::from(format!("def f(x):\n    return x * {}\n", rng.below(10)))
            }
            (_, "int32" | "int64") => Value::from(rng.below(500)),
            _ => {
                let words = if name == "context" || name == "document" {
                    24
                } else {
                    rng.range(5, 12) as usize
                };
                Value::from(sentence(rng, language, words))
            }
        },
    }
}

/// A row as a JSON object of its non-media cells (what a JSON/JSONL data file holds).
pub fn row_object(features: &[Feature], cells: Vec<Value>) -> Map<String, Value> {
    features
        .iter()
        .zip(cells)
        .filter(|(f, _)| !matches!(f.kind, FeatureType::Audio { .. } | FeatureType::Image))
        .map(|(f, value)| (f.name.clone(), value))
        .collect()
}
