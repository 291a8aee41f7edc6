import type { CatalogueEntry } from "../bindings/CatalogueEntry";

type Spec = [
  id: string,
  title: string,
  description: string,
  downloads: number,
  likes: number,
  daysAgo: number,
  tags: string[],
  extra?: Partial<Pick<CatalogueEntry, "gated" | "disabled" | "hosts" | "favourite">>,
];

const asr = (langs: string[], size: string, license: string) => [
  "task_categories:automatic-speech-recognition",
  ...langs.map((l) => `language:${l}`),
  "modality:audio",
  `size_categories:${size}`,
  `license:${license}`,
  "format:parquet",
];
const tts = (langs: string[], size: string, license: string) => [
  "task_categories:text-to-speech",
  ...langs.map((l) => `language:${l}`),
  "modality:audio",
  "modality:text",
  `size_categories:${size}`,
  `license:${license}`,
];
const text = (tasks: string[], langs: string[], size: string, license: string) => [
  ...tasks.map((t) => `task_categories:${t}`),
  ...langs.map((l) => `language:${l}`),
  "modality:text",
  `size_categories:${size}`,
  `license:${license}`,
  "format:parquet",
];

const SPECS: Spec[] = [
  ["mozilla-foundation/common_voice_11_0", "Common Voice Corpus 11.0", "Common Voice is Mozilla's initiative to help teach machines how real people speak: 24,210 validated hours in 100 languages.", 182_340, 612, 420, asr(["en", "ms", "zh", "id", "ta", "ar", "fr", "de", "es", "ja"], "1M<n<10M", "cc0-1.0"), { gated: "auto", hosts: ["local", "hgx-01"], favourite: true }],
  ["mozilla-foundation/common_voice_17_0", "Common Voice Corpus 17.0", "The 17th release of Common Voice: 31,175 validated hours in 124 languages, with demographic metadata.", 96_512, 284, 95, asr(["en", "ms", "zh", "id", "ta", "ar", "fr", "de", "es", "ja"], "1M<n<10M", "cc0-1.0"), { gated: "auto" }],
  ["openslr/librispeech_asr", "LibriSpeech", "About 1,000 hours of 16 kHz read English speech from LibriVox audiobooks, segmented and aligned.", 1_204_118, 410, 300, asr(["en"], "100K<n<1M", "cc-by-4.0"), { hosts: ["local"] }],
  ["google/fleurs", "FLEURS", "Few-shot Learning Evaluation of Universal Representations of Speech: n-way parallel speech in 102 languages.", 243_901, 301, 500, [...asr(["en", "ms", "zh", "id", "ta", "ar", "fr", "de", "es", "ja"], "10K<n<100K", "cc-by-4.0"), "task_categories:translation"]],
  ["facebook/multilingual_librispeech", "Multilingual LibriSpeech", "Read audiobooks in 8 languages from LibriVox: 44.5k hours of English and 6k hours in other languages.", 58_221, 140, 380, asr(["en", "fr", "de", "es"], "1M<n<10M", "cc-by-4.0")],
  ["facebook/voxpopuli", "VoxPopuli", "European Parliament event recordings, 2009-2020: 1.8k hours transcribed speech in 16 languages.", 31_784, 98, 610, asr(["en", "fr", "de", "es"], "100K<n<1M", "cc0-1.0")],
  ["speechcolab/gigaspeech", "GigaSpeech", "10,000 hours of transcribed English audio from audiobooks, podcasts and YouTube; manual access approval.", 42_650, 112, 240, asr(["en"], "1M<n<10M", "apache-2.0"), { gated: "manual", hosts: ["hgx-02"] }],
  ["MLCommons/peoples_speech", "People's Speech", "30,000+ hours of transcribed conversational English speech with a permissive licence.", 27_004, 87, 330, asr(["en"], "1M<n<10M", "cc-by-sa-4.0")],
  ["edinburghcstr/ami", "AMI Meeting Corpus", "100 hours of meeting recordings with close-talk and far-field microphones.", 12_409, 44, 700, asr(["en"], "100K<n<1M", "cc-by-4.0")],
  ["distil-whisper/earnings22", "Earnings-22", "119 hours of English earnings calls from global companies, with accented speech.", 4_120, 21, 640, asr(["en"], "10K<n<100K", "cc-by-sa-4.0")],
  ["wenet-e2e/wenetspeech", "WenetSpeech", "10,000+ hours of Mandarin speech from YouTube and podcasts, labelled by OCR and ASR.", 9_876, 63, 520, asr(["zh"], "10M<n<100M", "other"), { gated: "manual" }],
  ["malaysia-ai/malaysian-youtube-audio", "Malaysian YouTube audio", "Pseudo-labelled Malay, Manglish and Malaysian English speech from public YouTube channels.", 1_930, 17, 40, asr(["ms", "en"], "1M<n<10M", "apache-2.0"), { hosts: ["hgx-01"] }],
  ["malaysia-ai/malay-conversational-speech", "Malay conversational speech", "Two-speaker Malay conversations with verbatim transcripts, 16 kHz.", 712, 9, 12, asr(["ms"], "10K<n<100K", "cc-by-4.0")],
  ["indonesian-nlp/librivox-indonesia", "LibriVox Indonesia", "Indonesian and regional-language audiobooks from LibriVox, aligned by sentence.", 1_204, 11, 450, asr(["id"], "1K<n<10K", "cc0-1.0")],
  ["Revolab/repetitive_conversations", "Repetitive conversations", "Call-centre style conversations in Malay and English with repetitive intents, for robust ASR.", 88, 2, 3, asr(["ms", "en"], "100K<n<1M", "other"), { gated: "manual", hosts: ["local"] }],
  ["keithito/lj_speech", "LJ Speech", "13,100 short clips of a single speaker reading passages from 7 non-fiction books: the classic TTS benchmark.", 38_201, 95, 900, tts(["en"], "10K<n<100K", "other")],
  ["mythicinfinity/libritts", "LibriTTS", "585 hours of English read speech at 24 kHz, designed for TTS, from LibriSpeech's sources.", 14_002, 37, 410, tts(["en"], "100K<n<1M", "cc-by-4.0")],
  ["mythicinfinity/libritts_r", "LibriTTS-R", "LibriTTS restored with speech restoration: cleaner audio for higher-quality TTS.", 22_917, 68, 200, tts(["en"], "100K<n<1M", "cc-by-4.0"), { favourite: true }],
  ["parler-tts/mls_eng", "MLS English for Parler-TTS", "The English part of Multilingual LibriSpeech with speaker and style annotations.", 6_342, 25, 150, tts(["en"], "10M<n<100M", "cc-by-4.0")],
  ["ylacombe/expresso", "Expresso", "Expressive read and improvised speech in 26 styles by 4 speakers, 48 kHz.", 3_150, 30, 260, tts(["en"], "10K<n<100K", "cc-by-sa-4.0")],
  ["CSTR-Edinburgh/vctk", "VCTK", "Speech of 110 English speakers with various accents, each reading about 400 sentences.", 9_730, 41, 800, tts(["en"], "10K<n<100K", "cc-by-4.0")],
  ["ashraq/esc50", "ESC-50", "2,000 labelled 5-second environmental recordings in 50 classes.", 5_412, 19, 720, ["task_categories:audio-classification", "modality:audio", "size_categories:1K<n<10K", "license:cc-by-sa-4.0"]],
  ["google/speech_commands", "Speech Commands", "One-second utterances of 35 short words for keyword spotting.", 17_650, 33, 680, ["task_categories:audio-classification", "language:en", "modality:audio", "size_categories:100K<n<1M", "license:cc-by-4.0"]],
  ["rajpurkar/squad", "SQuAD", "Stanford Question Answering Dataset: 100,000+ questions on Wikipedia articles, answers are spans.", 512_330, 280, 365, text(["question-answering"], ["en"], "10K<n<100K", "cc-by-sa-4.0")],
  ["wikimedia/wikipedia", "Wikipedia", "Cleaned Wikipedia articles in every language, one config per language and dump date.", 301_245, 720, 60, text(["text-generation"], ["en", "ms", "zh", "id", "ta", "ar", "fr", "de", "es", "ja"], "1M<n<10M", "cc-by-sa-4.0")],
  ["HuggingFaceFW/fineweb", "FineWeb", "15 trillion tokens of cleaned and deduplicated English web data from CommonCrawl.", 410_002, 2_010, 20, text(["text-generation"], ["en"], "n>1B", "other")],
  ["allenai/c4", "C4", "The Colossal Clean Crawled Corpus: a cleaned version of Common Crawl used to train T5.", 389_114, 420, 540, text(["text-generation"], ["en"], "n>1B", "other")],
  ["stanfordnlp/imdb", "IMDB", "50,000 highly polar movie reviews for binary sentiment classification.", 210_774, 270, 600, text(["text-classification"], ["en"], "10K<n<100K", "other")],
  ["openai/gsm8k", "GSM8K", "8.5K grade school math word problems with step-by-step solutions.", 402_117, 780, 210, text(["text-generation", "question-answering"], ["en"], "1K<n<10K", "mit")],
  ["tatsu-lab/alpaca", "Alpaca", "52,000 instructions and demonstrations generated with text-davinci-003 for instruction tuning.", 66_320, 720, 690, text(["text-generation"], ["en"], "10K<n<100K", "cc-by-4.0")],
  ["Helsinki-NLP/opus-100", "OPUS-100", "English-centric multilingual corpus covering 100 languages for translation.", 44_580, 190, 480, text(["translation"], ["en", "ms", "zh", "id", "ta", "ar", "fr", "de", "es", "ja"], "10M<n<100M", "other")],
  ["abisee/cnn_dailymail", "CNN / DailyMail", "300,000 unique news articles from CNN and the Daily Mail with highlights, for summarisation.", 98_760, 260, 560, text(["summarization"], ["en"], "100K<n<1M", "apache-2.0")],
  ["uonlp/CulturaX", "CulturaX", "6.3 trillion tokens in 167 languages, cleaned and deduplicated for LLM training.", 23_410, 480, 400, text(["text-generation"], ["en", "ms", "zh", "id", "ta", "ar"], "n>1B", "other"), { gated: "auto" }],
  ["ylecun/mnist", "MNIST", "70,000 28x28 greyscale images of handwritten digits.", 250_880, 150, 620, ["task_categories:image-classification", "modality:image", "size_categories:10K<n<100K", "license:mit"]],
  ["uoft-cs/cifar10", "CIFAR-10", "60,000 32x32 colour images in 10 classes.", 180_550, 90, 640, ["task_categories:image-classification", "modality:image", "size_categories:10K<n<100K", "license:other"]],
];

/** Datasets the demo "Hub" adds on a refresh, or finds on a Hub search. */
const HUB_ONLY: Spec[] = [
  ["malaysia-ai/malaysian-podcast", "Malaysian podcast", "Malay and code-switched podcast episodes with pseudo-labelled transcripts.", 310, 4, 1, asr(["ms", "en"], "100K<n<1M", "apache-2.0")],
  ["ylacombe/cml-tts", "CML-TTS", "Multilingual TTS dataset of read audiobooks in 7 languages at 24 kHz.", 2_980, 22, 2, tts(["fr", "de", "es"], "100K<n<1M", "cc-by-4.0")],
];

function build(specs: Spec[], now: Date): CatalogueEntry[] {
  return specs.map(([id, title, description, downloads, likes, daysAgo, tags, extra]) => ({
    id,
    author: id.split("/")[0] ?? "",
    title,
    description,
    last_modified: new Date(now.getTime() - daysAgo * 86_400_000).toISOString(),
    downloads,
    likes,
    gated: extra?.gated ?? "no",
    private: false,
    disabled: extra?.disabled ?? false,
    tags,
    hosts: extra?.hosts ?? [],
    favourite: extra?.favourite ?? false,
  }));
}

export function demoCatalogue(now: Date): { catalogue: CatalogueEntry[]; hub: CatalogueEntry[] } {
  return { catalogue: build(SPECS, now), hub: build(HUB_ONLY, now) };
}
