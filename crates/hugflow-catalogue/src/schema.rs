//! The catalogue's tables. It lives in its own SQLite file: a cache of the Hub that can be
//! deleted and rebuilt without touching the app's settings.

pub const STEPS: &[&str] = &[
    // 1: datasets, their tags, an FTS5 index kept in sync by triggers, hosts, favourites,
    //    recents and crawl bookkeeping.
    "CREATE TABLE datasets (
        id TEXT PRIMARY KEY NOT NULL,
        author TEXT NOT NULL DEFAULT '',
        title TEXT NOT NULL DEFAULT '',
        description TEXT NOT NULL DEFAULT '',
        sha TEXT,
        last_modified TEXT NOT NULL DEFAULT '',
        created_at TEXT,
        downloads INTEGER NOT NULL DEFAULT 0,
        likes INTEGER NOT NULL DEFAULT 0,
        private INTEGER NOT NULL DEFAULT 0,
        gated TEXT NOT NULL DEFAULT 'no',
        disabled INTEGER NOT NULL DEFAULT 0,
        tags TEXT NOT NULL DEFAULT '',
        card_data TEXT,
        crawl INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX datasets_downloads ON datasets(downloads DESC);
    CREATE INDEX datasets_likes ON datasets(likes DESC);
    CREATE INDEX datasets_modified ON datasets(last_modified DESC);
    CREATE TABLE dataset_tags (
        tag TEXT NOT NULL,
        dataset_rowid INTEGER NOT NULL,
        PRIMARY KEY (tag, dataset_rowid)
    ) WITHOUT ROWID;
    CREATE INDEX dataset_tags_by_dataset ON dataset_tags(dataset_rowid);
    CREATE VIRTUAL TABLE datasets_fts USING fts5(
        id, author, title, description, tags,
        content='datasets', content_rowid='rowid',
        tokenize = 'unicode61', prefix = '2 3'
    );
    CREATE TRIGGER datasets_ai AFTER INSERT ON datasets BEGIN
        INSERT INTO datasets_fts(rowid, id, author, title, description, tags)
        VALUES (new.rowid, new.id, new.author, new.title, new.description, new.tags);
    END;
    CREATE TRIGGER datasets_ad AFTER DELETE ON datasets BEGIN
        INSERT INTO datasets_fts(datasets_fts, rowid, id, author, title, description, tags)
        VALUES ('delete', old.rowid, old.id, old.author, old.title, old.description, old.tags);
        DELETE FROM dataset_tags WHERE dataset_rowid = old.rowid;
    END;
    CREATE TRIGGER datasets_au AFTER UPDATE OF id, author, title, description, tags ON datasets BEGIN
        INSERT INTO datasets_fts(datasets_fts, rowid, id, author, title, description, tags)
        VALUES ('delete', old.rowid, old.id, old.author, old.title, old.description, old.tags);
        INSERT INTO datasets_fts(rowid, id, author, title, description, tags)
        VALUES (new.rowid, new.id, new.author, new.title, new.description, new.tags);
    END;
    CREATE TABLE host_datasets (
        host TEXT NOT NULL,
        storage_name TEXT NOT NULL,
        hf_id TEXT NOT NULL,
        revision TEXT NOT NULL,
        subset TEXT,
        split TEXT NOT NULL,
        path TEXT,
        size_bytes INTEGER,
        file_count INTEGER,
        added_at TEXT NOT NULL,
        PRIMARY KEY (host, storage_name)
    );
    CREATE INDEX host_datasets_by_id ON host_datasets(hf_id);
    CREATE TABLE favourites (
        id TEXT PRIMARY KEY NOT NULL,
        added_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    );
    CREATE TABLE recent (
        id TEXT PRIMARY KEY NOT NULL,
        viewed_at TEXT NOT NULL,
        seq INTEGER NOT NULL
    );
    CREATE TABLE crawl_state (
        key TEXT PRIMARY KEY NOT NULL,
        value TEXT NOT NULL
    );",
    // 2: search in popularity order. The FTS index moves to `datasets_search`, a contentless
    //    table whose rowid is the dataset's search key: (255 - popularity) << 32 | rowid, so
    //    walking a match in rowid order meets the most downloaded datasets first and a
    //    search can stop after a few hundred matches instead of ranking all of them.
    //    `keywords` (search words from tags) replaces the raw tag string in the index, so
    //    `library:datasets` or `region:us` on every row no longer match "lib" or "us"; only
    //    facet tags stay in dataset_tags, whose rows the writers delete by (tag, rowid) (an
    //    index by rowid cost a tenth of the file). Rows from before get their keywords and popularity
    //    from `Catalogue::open` (a NULL `keywords` marks them). `card_data` is no longer
    //    written: the dataset page reads cards from the Hub.
    "ALTER TABLE datasets ADD COLUMN keywords TEXT;
    ALTER TABLE datasets ADD COLUMN popularity INTEGER NOT NULL DEFAULT 0;
    DROP TRIGGER datasets_ai;
    DROP TRIGGER datasets_ad;
    DROP TRIGGER datasets_au;
    DROP TABLE datasets_fts;
    CREATE INDEX datasets_unsearchable ON datasets(keywords) WHERE keywords IS NULL;
    DROP INDEX dataset_tags_by_dataset;
    CREATE INDEX datasets_name_nocase ON datasets(substr(id, instr(id, '/') + 1) COLLATE NOCASE);
    CREATE VIRTUAL TABLE datasets_search USING fts5(
        id, author, title, description, keywords,
        content = '', contentless_delete = 1,
        tokenize = 'unicode61', prefix = '2 3'
    );
    CREATE TRIGGER datasets_ai AFTER INSERT ON datasets WHEN new.keywords IS NOT NULL BEGIN
        INSERT INTO datasets_search(rowid, id, author, title, description, keywords)
        VALUES (((255 - new.popularity) << 32) | new.rowid,
                new.id, new.author, new.title, new.description, new.keywords);
    END;
    CREATE TRIGGER datasets_ad AFTER DELETE ON datasets BEGIN
        DELETE FROM datasets_search WHERE rowid = ((255 - old.popularity) << 32) | old.rowid;
    END;
    CREATE TRIGGER datasets_au
    AFTER UPDATE OF id, author, title, description, keywords, popularity ON datasets BEGIN
        DELETE FROM datasets_search WHERE rowid = ((255 - old.popularity) << 32) | old.rowid;
        INSERT INTO datasets_search(rowid, id, author, title, description, keywords)
        VALUES (((255 - new.popularity) << 32) | new.rowid,
                new.id, new.author, new.title, new.description, coalesce(new.keywords, ''));
    END;
    DELETE FROM dataset_tags WHERE NOT (tag GLOB 'task_categories:*' OR tag GLOB 'language:*'
        OR tag GLOB 'modality:*' OR tag GLOB 'size_categories:*' OR tag GLOB 'license:*');",
    // 3: the search index is written by the catalogue's writers, not by triggers: a trigger
    //    indexes each row as it is written, in listing order, so the search keys arrive in
    //    random order and FTS5 flushes its in-memory index at every key lower than the one
    //    before (a segment per row or two, merged over and over). The writers index a
    //    transaction's rows in one pass in key order (`ingest::SearchRows`), one segment per
    //    transaction, and a full crawl ends with one `optimize`; the index holds the same
    //    terms as before, so it is kept as it is. FTS5 may buffer 16 MiB before a flush (one
    //    crawl batch). One-letter queries read `datasets_initial`: names by their first
    //    letter (as SQLite's lower() folds it), most popular first, in search-key order.
    "DROP TRIGGER datasets_ai;
    DROP TRIGGER datasets_ad;
    DROP TRIGGER datasets_au;
    INSERT INTO datasets_search(datasets_search, rank) VALUES ('hashsize', 16777216);
    CREATE INDEX datasets_initial
        ON datasets(lower(substr(id, instr(id, '/') + 1, 1)), popularity DESC);",
];
