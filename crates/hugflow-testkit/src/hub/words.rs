//! The vocabulary the corpus generator draws from: authors, dataset domains (with their name
//! stems, task, modalities and file layout), languages, licences, name decorations, and words
//! for generated text.

/// Organisations and users that publish datasets.
#[rustfmt::skip]
pub const AUTHORS: &[&str] = &[
    "openslr", "mozilla-foundation", "google", "facebook", "microsoft", "allenai", "huggingface",
    "HuggingFaceH4", "HuggingFaceFW", "HuggingFaceM4", "HuggingFaceTB", "bigcode", "bigscience",
    "mesolitica", "malaysia-ai", "EleutherAI", "tiiuae", "lmsys", "Open-Orca", "teknium",
    "databricks", "tatsu-lab", "yahma", "garage-bAInd", "WizardLMTeam", "meta-math", "openbmb",
    "THUDM", "Qwen", "deepseek-ai", "mistralai", "CohereForAI", "speechcolab", "edinburghcstr",
    "MLCommons", "keithito", "LIUM", "PolyAI", "google-research-datasets", "amazon", "ibm",
    "Salesforce", "laion", "nlphuji", "ylacombe", "sanchit-gandhi", "distil-whisper", "espnet",
    "kensho", "fixie-ai", "parler-tts", "collabora", "Helsinki-NLP", "wmt", "rajpurkar",
    "stanfordnlp", "nyu-mll", "glue", "super_glue", "cnn_dailymail", "abisee", "knkarthick",
    "openai", "nvidia", "NousResearch", "argilla", "HuggingFaceM4-lab", "ai4bharat", "indonlp",
    "SEACrowd", "aisingapore", "vistec-AI", "VietAI", "thainlp", "kresnik", "Malaysian-NLP",
    "huseinzol05", "zolkepli", "scb10x", "sealion", "IndoNLP-lab", "uonlp", "cis-lmu", "castorini",
    "BeIR", "mteb", "sentence-transformers", "nomic-ai", "togethercomputer", "cerebras", "mosaicml",
    "Skylion007", "wikimedia", "wikipedia-lab", "legacy-datasets", "fka", "gsm8k-org", "openai-lab",
    "lighteval", "cais", "TIGER-Lab", "princeton-nlp", "allenai-lab", "ucberkeley-dlab",
    "mlfoundations", "visual-layer", "detection-datasets", "keremberke", "Francesco", "cifar-lab",
    "uoft-cs", "zh-plus", "BAAI", "shibing624", "m-a-p", "OpenGVLab", "lmms-lab", "Lin-Chen",
    "liuhaotian", "MMInstruction", "HuggingFaceVLA", "lerobot", "cerebras-lab", "speechbrain",
    "facebook-research", "google-deepmind", "DeepMind-lab", "amphion", "myshell-ai", "coqui",
    "blabble-io", "homebrewltd", "reach-vb", "MushanW", "jonatasgrosman", "patrickvonplaten",
    "polinaeterna", "lhoestq", "albertvillanova", "severo", "julien-c", "osanseviero", "merve",
    "nateraw", "abidlabs", "clefourrier", "lewtun", "philschmid", "mlabonne", "maxime-lab",
    "alice-ml", "bob-speech", "carol-nlp", "dave-vision", "erin-audio", "frank-data", "grace-ai",
    "heidi-research", "ivan-asr", "judy-tts", "mallory-ml", "nurul-ai", "aisyah-nlp",
    "farhan-speech", "siti-data", "ahmad-ml", "tan-wei", "lim-jia", "raj-kumar", "priya-nlp",
    "arjun-ai", "chen-li", "wang-fang", "zhang-wei", "yuki-tanaka", "haruto-ml", "minji-kim",
    "jisoo-ai", "nguyen-van", "tran-thi", "somchai-ai", "malee-nlp", "budi-santoso", "dewi-ai",
    "maria-garcia", "jose-lopez", "lucas-martin", "emma-dubois", "hans-mueller", "anna-schmidt",
    "olga-ivanova", "dmitri-petrov", "fatima-ali", "omar-hassan", "amira-nlp", "kwame-ai",
    "ngozi-data", "team-hgx", "acme-research", "contoso-ai", "initech-ml", "globex-data",
    "umbrella-labs", "stark-ai", "wayne-research", "tyrell-nlp", "cyberdyne-ml",
];

/// How a dataset's data files are laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// `data/<split>-0000k-of-0000n.parquet`, or `<config>/<split>-...` per config.
    Parquet,
    /// `audio/<split>/<n>.flac|wav` with `audio/<split>/metadata.jsonl`.
    AudioFolder,
    /// `<split>.jsonl` or `data/<split>.json`.
    Json,
}

/// A kind of dataset.
#[derive(Debug)]
pub struct Domain {
    pub key: &'static str,
    pub stems: &'static [&'static str],
    pub task: &'static str,
    pub modalities: &'static [&'static str],
    pub layouts: &'static [Layout],
    /// How the description names it ("speech recognition corpus").
    pub noun: &'static str,
    /// Relative frequency.
    pub weight: u32,
}

use Layout::{AudioFolder, Json, Parquet};

pub const DOMAINS: &[Domain] = &[
    Domain {
        key: "asr",
        stems: &[
            "speech",
            "asr",
            "librispeech_asr",
            "commonvoice",
            "common_voice",
            "voxpopuli",
            "fleurs",
            "podcasts",
            "callcenter_speech",
            "read_speech",
            "spoken_wikipedia",
            "audiobooks",
            "meeting_speech",
            "speech_corpus",
            "youtube_asr",
        ],
        task: "automatic-speech-recognition",
        modalities: &["audio", "text"],
        layouts: &[Parquet, Parquet, AudioFolder],
        noun: "speech recognition corpus",
        weight: 22,
    },
    Domain {
        key: "tts",
        stems: &[
            "tts",
            "speech_synthesis",
            "voices",
            "ljspeech",
            "expresso",
            "multispeaker_tts",
            "emotional_speech",
            "vctk",
        ],
        task: "text-to-speech",
        modalities: &["audio", "text"],
        layouts: &[Parquet, AudioFolder],
        noun: "text-to-speech corpus",
        weight: 8,
    },
    Domain {
        key: "conversations",
        stems: &[
            "conversations",
            "chat",
            "dialogues",
            "ultrachat",
            "sharegpt",
            "multiturn_chat",
            "customer_support",
        ],
        task: "text-generation",
        modalities: &["text"],
        layouts: &[Parquet, Json],
        noun: "conversation dataset",
        weight: 12,
    },
    Domain {
        key: "qa",
        stems: &[
            "squad",
            "qa",
            "reading_comprehension",
            "trivia_qa",
            "natural_questions",
            "open_qa",
        ],
        task: "question-answering",
        modalities: &["text"],
        layouts: &[Parquet, Json],
        noun: "question answering dataset",
        weight: 10,
    },
    Domain {
        key: "instruct",
        stems: &[
            "instruct",
            "alpaca",
            "instructions",
            "sft",
            "dolly",
            "orca",
            "self_instruct",
        ],
        task: "text-generation",
        modalities: &["text"],
        layouts: &[Parquet, Json],
        noun: "instruction tuning set",
        weight: 12,
    },
    Domain {
        key: "code",
        stems: &[
            "code",
            "the_stack",
            "code_contests",
            "python_code",
            "leetcode",
            "code_instructions",
            "commitpack",
        ],
        task: "text-generation",
        modalities: &["text"],
        layouts: &[Parquet, Json],
        noun: "code dataset",
        weight: 7,
    },
    Domain {
        key: "math",
        stems: &[
            "math",
            "gsm8k",
            "math_qa",
            "competition_math",
            "proofs",
            "arithmetic",
        ],
        task: "question-answering",
        modalities: &["text"],
        layouts: &[Parquet, Json],
        noun: "math reasoning dataset",
        weight: 6,
    },
    Domain {
        key: "captions",
        stems: &[
            "images",
            "captions",
            "coco_captions",
            "image_captions",
            "laion_subset",
            "flickr",
        ],
        task: "image-to-text",
        modalities: &["image", "text"],
        layouts: &[Parquet],
        noun: "image captioning dataset",
        weight: 7,
    },
    Domain {
        key: "image-classification",
        stems: &["images", "cifar", "food", "plants", "xray", "satellite"],
        task: "image-classification",
        modalities: &["image"],
        layouts: &[Parquet],
        noun: "image classification dataset",
        weight: 5,
    },
    Domain {
        key: "translation",
        stems: &["translation", "parallel_corpus", "opus", "wmt"],
        task: "translation",
        modalities: &["text"],
        layouts: &[Parquet, Json],
        noun: "parallel corpus",
        weight: 5,
    },
    Domain {
        key: "classification",
        stems: &["sentiment", "reviews", "news", "tweets", "toxicity"],
        task: "text-classification",
        modalities: &["text"],
        layouts: &[Parquet, Json],
        noun: "text classification dataset",
        weight: 4,
    },
    Domain {
        key: "summarization",
        stems: &["summaries", "news_summaries", "xsum", "dialogsum"],
        task: "summarization",
        modalities: &["text"],
        layouts: &[Parquet, Json],
        noun: "summarization dataset",
        weight: 2,
    },
];

/// Language codes with their relative frequency and English name.
pub const LANGUAGES: &[(&str, u32, &str)] = &[
    ("en", 40, "English"),
    ("ms", 12, "Malay"),
    ("id", 6, "Indonesian"),
    ("zh", 6, "Chinese"),
    ("fr", 4, "French"),
    ("de", 4, "German"),
    ("es", 4, "Spanish"),
    ("ja", 3, "Japanese"),
    ("ar", 3, "Arabic"),
    ("hi", 3, "Hindi"),
    ("ta", 2, "Tamil"),
    ("vi", 2, "Vietnamese"),
    ("th", 2, "Thai"),
    ("ko", 2, "Korean"),
    ("ru", 2, "Russian"),
    ("pt", 2, "Portuguese"),
];

#[rustfmt::skip]
pub const LICENSES: &[&str] = &[
    "cc-by-4.0", "mit", "apache-2.0", "cc-by-sa-4.0", "cc-by-nc-4.0", "cc0-1.0", "odc-by",
    "openrail", "other", "unknown",
];

/// The Hub's size buckets, with the row counts they span.
pub const SIZE_CATEGORIES: &[(&str, u64, u64)] = &[
    ("n<1K", 50, 1_000),
    ("1K<n<10K", 1_000, 10_000),
    ("10K<n<100K", 10_000, 100_000),
    ("100K<n<1M", 100_000, 1_000_000),
    ("1M<n<10M", 1_000_000, 10_000_000),
    ("10M<n<100M", 10_000_000, 100_000_000),
];

/// Words put before a stem (`malay-speech`).
#[rustfmt::skip]
pub const PREFIXES: &[&str] = &[
    "malay", "open", "multilingual", "synthetic", "clean", "tiny", "mega", "wiki", "news",
    "podcast", "youtube", "medical", "legal", "kids", "noisy", "conversational", "singlish",
    "manglish", "formal", "scientific",
];

/// Words put after a stem (`speech_v2`).
#[rustfmt::skip]
pub const SUFFIXES: &[&str] = &[
    "_v2", "-v3", "-2023", "-2024", "-clean", "-filtered", "-small", "-large", "_100h", "-dedup",
    "-mini", "-10k", "-1m", "-hq", "-raw", "-processed", "_en_ms", "-benchmark",
];

#[rustfmt::skip]
pub const ENGLISH_WORDS: &[&str] = &[
    "the", "model", "speaker", "reads", "a", "short", "sentence", "about", "weather", "city",
    "market", "train", "station", "river", "morning", "evening", "people", "talk", "quickly",
    "quietly", "data", "answer", "question", "number", "story", "little", "green", "house", "open",
    "window", "today", "tomorrow", "music", "plays", "loudly", "school", "children", "learn", "new",
    "words", "every", "day", "and", "then", "with", "from", "into", "over",
];

#[rustfmt::skip]
pub const MALAY_WORDS: &[&str] = &[
    "saya", "suka", "makan", "nasi", "lemak", "pada", "waktu", "pagi", "cuaca", "hari", "ini",
    "sangat", "panas", "kami", "pergi", "ke", "pasar", "malam", "bersama", "keluarga", "dan",
    "kawan", "bahasa", "melayu", "cerita", "pendek", "tentang", "kereta", "api", "sungai", "rumah",
    "besar", "anak", "sekolah", "belajar", "perkataan", "baru", "setiap", "esok",
];
