-- gongwen store, schema version 3: the relational store.
--
-- One row per stored file, per document, and per element of a document
-- (issuer, enclosed text, outline unit, attachment, citation, repeal,
-- assignment and its units, target, diagnostic). Every element row keeps
-- its provenance: byte range [start_byte, end_byte) in the raw file and
-- 1-based inclusive lines. Citations and repeals carry the document they
-- resolve to (`target_id`), or the candidates when several match
-- (`ambiguous`, a JSON array of ids); they are kept current by the ingest
-- transaction. `document_json.json` keeps, as zstd-compressed JSON, the
-- rest of the parse: what no row holds (header details, tables, paragraph
-- fingerprints …). The outline, citations, clauses and repeals,
-- assignments, targets and diagnostics are kept once, as rows, and put
-- back on read.
-- Documented for users in docs/schema.md.

CREATE TABLE files (
    id        INTEGER PRIMARY KEY,      -- grows with every ingest
    hash      TEXT NOT NULL UNIQUE,     -- hex SHA-256 of `bytes`
    name      TEXT NOT NULL UNIQUE,     -- file name; documents are reported under it
    path      TEXT NOT NULL,            -- path as given at ingest
    format    TEXT NOT NULL,            -- 'text'
    encoding  TEXT NOT NULL,            -- 'UTF-8', 'GB18030', …
    size      INTEGER NOT NULL,         -- bytes
    lines     INTEGER NOT NULL,
    frames    BLOB NOT NULL,            -- where each frame ends in `bytes`: little-endian u32 per frame
    bytes     BLOB NOT NULL,            -- the raw file, zstd-compressed in independent frames of 32 KiB of input
    parsed    TEXT NOT NULL,            -- JSON: table of contents, running heads, file diagnostics
    ingested  TEXT NOT NULL             -- UTC, ISO 8601
);

CREATE TABLE documents (
    id          TEXT PRIMARY KEY,       -- <8 hex of the file hash>-<ordinal, 3 digits>
    file_id     INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
    ordinal     INTEGER NOT NULL,       -- 0-based position in the file
    start_byte  INTEGER NOT NULL,
    end_byte    INTEGER NOT NULL,
    start_line  INTEGER NOT NULL,
    end_line    INTEGER NOT NULL,
    title       TEXT,
    doc_number  TEXT,                   -- 文号 as printed, spaces removed
    num_prefix  TEXT,                   -- 机关代字
    num_year    INTEGER,
    num_serial  INTEGER,
    date        TEXT,                   -- 成文日期, ISO
    year        INTEGER,                -- year of `date`
    genre       TEXT,                   -- 文种
    scope       TEXT                    -- the city or province unit names are read in
);
CREATE INDEX documents_file ON documents(file_id, start_line);
CREATE INDEX documents_year ON documents(year);
CREATE INDEX documents_genre ON documents(genre);
CREATE INDEX documents_doc_number ON documents(doc_number);
CREATE INDEX documents_scope ON documents(scope);

CREATE TABLE document_json (            -- the rest of each document's parse (kept apart: scans of documents stay small)
    doc_id      TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    json        BLOB NOT NULL           -- zstd-compressed JSON of gongwen_core::Document, without what rows hold
);

CREATE TABLE issuers (                  -- 发文机关, in order (joint documents have several)
    doc_id      TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    ordinal     INTEGER NOT NULL,
    name        TEXT NOT NULL,
    start_byte  INTEGER NOT NULL,
    end_byte    INTEGER NOT NULL,
    start_line  INTEGER NOT NULL,
    end_line    INTEGER NOT NULL,
    PRIMARY KEY (doc_id, ordinal)
) WITHOUT ROWID;
CREATE INDEX issuers_name ON issuers(name);

CREATE TABLE enclosed (                 -- texts a cover notice 印发/转发
    doc_id        TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    ordinal       INTEGER NOT NULL,
    title         TEXT NOT NULL,
    printed_title TEXT,
    start_byte    INTEGER,
    end_byte      INTEGER,
    start_line    INTEGER,
    end_line      INTEGER,
    PRIMARY KEY (doc_id, ordinal)
) WITHOUT ROWID;

CREATE TABLE outline_units (            -- 编/章/节/条/款/项, 一、（一）1.（1）①, pre-order
    doc_id      TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    ordinal     INTEGER NOT NULL,
    parent      INTEGER,                -- ordinal of the parent unit
    depth       INTEGER NOT NULL,
    kind        TEXT NOT NULL,
    label       TEXT NOT NULL,
    number      INTEGER,
    heading     TEXT,
    start_byte  INTEGER NOT NULL,
    end_byte    INTEGER NOT NULL,
    start_line  INTEGER NOT NULL,
    end_line    INTEGER NOT NULL,
    PRIMARY KEY (doc_id, ordinal)
) WITHOUT ROWID;

CREATE TABLE attachments (              -- 附件
    doc_id      TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    ordinal     INTEGER NOT NULL,
    label       TEXT NOT NULL,
    title       TEXT,
    announced_line INTEGER,             -- where 附件说明 announces it
    start_byte  INTEGER,                -- where it begins in the text, if present
    end_byte    INTEGER,
    start_line  INTEGER,
    end_line    INTEGER,
    PRIMARY KEY (doc_id, ordinal)
) WITHOUT ROWID;

CREATE TABLE lookup_keys (              -- the keys a document is found by when citations resolve
    key         INTEGER NOT NULL,       -- XXH3-64 of 'n:' 文号, 'y:' year:serial, 't:' title or 'e:' enclosed title
    doc_id      TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    PRIMARY KEY (key, doc_id)
) WITHOUT ROWID;
CREATE INDEX lookup_keys_doc ON lookup_keys(doc_id);

CREATE TABLE citations (                -- references to other documents (and internal ones)
    id          INTEGER PRIMARY KEY,
    doc_id      TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    ordinal     INTEGER NOT NULL,       -- index in the document's references
    kind        TEXT NOT NULL,
    text        TEXT NOT NULL,
    title       TEXT,
    doc_number  TEXT,
    num_prefix  TEXT,
    num_year    INTEGER,
    num_serial  INTEGER,
    issuer      TEXT,
    date        TEXT,
    standard    TEXT,                   -- kind 'standard': the code (GB50016-2014)
    target_label TEXT,                  -- kind 'internal': what is referred to (第二十一条, 附件2)
    target_id   TEXT,                   -- the document it resolves to
    ambiguous   TEXT,                   -- JSON array of candidate ids when several match
    start_byte  INTEGER NOT NULL,
    end_byte    INTEGER NOT NULL,
    start_line  INTEGER NOT NULL,
    end_line    INTEGER NOT NULL,
    UNIQUE (doc_id, ordinal)
);
CREATE INDEX citations_target ON citations(target_id);

CREATE TABLE clauses (                  -- 施行 / 有效期 / 废止 / 代替 clauses
    doc_id      TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    ordinal     INTEGER NOT NULL,
    kind        TEXT NOT NULL,
    scope       TEXT NOT NULL,          -- 'own': about this document
    text        TEXT NOT NULL,
    effective   TEXT,                   -- JSON: when it takes effect (a date, on issue, by reference …)
    validity    TEXT,                   -- JSON: for how long (years, months, until a date)
    start_byte  INTEGER NOT NULL,
    end_byte    INTEGER NOT NULL,
    start_line  INTEGER NOT NULL,
    end_line    INTEGER NOT NULL,
    PRIMARY KEY (doc_id, ordinal)
) WITHOUT ROWID;

CREATE TABLE repeals (                  -- documents a clause repeals or replaces
    id          INTEGER PRIMARY KEY,
    doc_id      TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    clause      INTEGER NOT NULL,       -- ordinal of the clause
    item        INTEGER NOT NULL,       -- index in the clause's list
    title       TEXT,
    doc_number  TEXT,
    num_prefix  TEXT,
    num_year    INTEGER,
    num_serial  INTEGER,
    issuer      TEXT,
    date        TEXT,
    takes_effect TEXT,                  -- the day the repeal takes effect (repealing document's effective date); NULL when it does not count for status
    target_id   TEXT,
    ambiguous   TEXT,
    start_byte  INTEGER NOT NULL,
    end_byte    INTEGER NOT NULL,
    start_line  INTEGER NOT NULL,
    end_line    INTEGER NOT NULL,
    UNIQUE (doc_id, clause, item)
);
CREATE INDEX repeals_target ON repeals(target_id);

CREATE TABLE citation_keys (            -- lookup keys of citations and repeals (see lookup_keys)
    key         INTEGER NOT NULL,       -- XXH3-64, as lookup_keys.key
    citation_id INTEGER REFERENCES citations(id) ON DELETE CASCADE,
    repeal_id   INTEGER REFERENCES repeals(id) ON DELETE CASCADE
);
CREATE INDEX citation_keys_key ON citation_keys(key);
CREATE INDEX citation_keys_citation ON citation_keys(citation_id);
CREATE INDEX citation_keys_repeal ON citation_keys(repeal_id);

CREATE TABLE status (                   -- the dates a document's status on any day follows from
    doc_id          TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    effective_from  TEXT,               -- 施行 date, else 成文日期; NULL: unknown
    last_day        TEXT,               -- last day under a validity clause
    repealed_on     TEXT,               -- earliest day a repeal takes effect
    repealed_by     TEXT                -- the document whose repeal that is
) WITHOUT ROWID;
CREATE INDEX status_last_day ON status(last_day);
CREATE INDEX status_dates ON status(effective_from, last_day, repealed_on);  -- state counts read this index only

CREATE TABLE assignments (              -- tasks (责任分工)
    id          INTEGER PRIMARY KEY,
    doc_id      TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    ordinal     INTEGER NOT NULL,
    task        TEXT NOT NULL,
    outline_path TEXT NOT NULL,         -- JSON array of the labels from the outermost unit
    form        TEXT NOT NULL,          -- the printed form it was read from (bracket, table_row …)
    deadline    TEXT,                   -- as printed
    deadline_kind TEXT,
    deadline_date TEXT,                 -- ISO
    due_end     TEXT,                   -- end of a range (阶段), ISO
    deadline_rule TEXT,                 -- recurring deadlines: the rule
    due         TEXT,                   -- the day it is due: due_end, else deadline_date
    start_byte  INTEGER NOT NULL,
    end_byte    INTEGER NOT NULL,
    start_line  INTEGER NOT NULL,
    end_line    INTEGER NOT NULL,
    UNIQUE (doc_id, ordinal)
);
CREATE INDEX assignments_due ON assignments(due);
CREATE INDEX assignments_order ON assignments(due IS NULL, due, doc_id, start_line, ordinal);  -- the task listing's order

CREATE TABLE unit_names (               -- every unit name, as printed or normalised, once
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE
);

CREATE TABLE task_units (               -- the units charged with a task, by role
    assignment_id INTEGER NOT NULL REFERENCES assignments(id) ON DELETE CASCADE,
    ordinal     INTEGER NOT NULL,
    name_id     INTEGER NOT NULL REFERENCES unit_names(id),       -- as printed
    normalized_id INTEGER NOT NULL REFERENCES unit_names(id), -- canonical name in the document's scope
    role        TEXT NOT NULL,          -- lead | responsible | cooperating | supervising | implementing | member
    collective  INTEGER NOT NULL,       -- 1 for 各县（市、区）政府 and the like
    open_list   INTEGER NOT NULL,       -- 1 when 等 ends the list it is in
    PRIMARY KEY (assignment_id, ordinal)
) WITHOUT ROWID;
CREATE INDEX task_units_normalized ON task_units(normalized_id);
CREATE INDEX task_units_name ON task_units(name_id);

CREATE VIEW assignment_units AS         -- task_units with the names spelt out
    SELECT t.assignment_id, t.ordinal, n.name, m.name AS normalized, t.role, t.collective, t.open_list
    FROM task_units t
    JOIN unit_names n ON n.id = t.name_id
    JOIN unit_names m ON m.id = t.normalized_id;

CREATE VIEW units AS                    -- every unit named in tasks, with its task counts
    SELECT m.name AS name,
           count(*) AS tasks,
           sum(t.role = 'lead') AS lead
    FROM task_units t JOIN unit_names m ON m.id = t.normalized_id
    WHERE m.name <> ''
    GROUP BY t.normalized_id;

CREATE VIEW unit_aliases AS             -- names as printed that normalise to a unit
    SELECT DISTINCT n.name AS alias, m.name AS name
    FROM task_units t
    JOIN unit_names n ON n.id = t.name_id
    JOIN unit_names m ON m.id = t.normalized_id
    WHERE t.name_id <> t.normalized_id;

CREATE TABLE targets (                  -- quantitative targets (指标)
    doc_id      TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    ordinal     INTEGER NOT NULL,
    metric      TEXT NOT NULL,
    comparator  TEXT NOT NULL,
    comparator_text TEXT NOT NULL,
    aspirational INTEGER NOT NULL,      -- 1 for 力争 / 争取
    value       REAL NOT NULL,
    unit        TEXT NOT NULL,
    year        INTEGER,
    baseline    TEXT,
    nature      TEXT,                   -- 约束性 / 预期性
    source      TEXT NOT NULL,          -- sentence | table
    text        TEXT NOT NULL,
    outline_path TEXT NOT NULL,         -- JSON array of labels
    start_byte  INTEGER NOT NULL,
    end_byte    INTEGER NOT NULL,
    start_line  INTEGER NOT NULL,
    end_line    INTEGER NOT NULL,
    PRIMARY KEY (doc_id, ordinal)
) WITHOUT ROWID;
CREATE INDEX targets_year ON targets(year);

CREATE TABLE diagnostics (              -- what the parser noticed (missing 文号, unbalanced brackets …)
    doc_id      TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    ordinal     INTEGER NOT NULL,
    code        TEXT NOT NULL,
    severity    TEXT NOT NULL,
    message     TEXT NOT NULL,
    line        INTEGER NOT NULL,
    PRIMARY KEY (doc_id, ordinal)
) WITHOUT ROWID;
CREATE INDEX diagnostics_code ON diagnostics(code);

CREATE TABLE changes (                  -- one row per committed change: followers poll max(seq)
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    file        TEXT NOT NULL,
    change      TEXT NOT NULL,          -- 'added' | 'removed'
    at          TEXT NOT NULL
);
