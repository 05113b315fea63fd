//! Every IRI the pipeline writes or reads, spelled once.
//!
//! In: nothing. Out: `NamedNodeRef` constants grouped by vocabulary, like oxrdf's own `vocab`
//! module, plus the namespaces and prefixes used in the Turtle export. The ontology's own terms
//! (`skg`) are checked against `ontology/sahel-kg.ttl` by a test, so a typo here cannot ship.
//! What this module does not hold: the set of relations, actor types and kinds an annotation may
//! use; those are read from the ontology at run time (see `ontology.rs`).

use oxigraph::model::NamedNodeRef;

/// `(prefix, namespace)` pairs declared in the Turtle export and available to every query.
pub(crate) const PREFIXES: &[(&str, &str)] = &[
    ("skg", skg::NS),
    ("id", id::ACTOR),
    ("source", id::SOURCE),
    ("part", id::PART),
    ("claim", id::CLAIM),
    ("evidence", id::EVIDENCE),
    ("passage", id::PASSAGE),
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("owl", "http://www.w3.org/2002/07/owl#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ("skos", "http://www.w3.org/2004/02/skos/core#"),
    ("dc", "http://purl.org/dc/elements/1.1/"),
    ("dcterms", "http://purl.org/dc/terms/"),
    ("prov", "http://www.w3.org/ns/prov#"),
    ("org", "http://www.w3.org/ns/org#"),
    ("foaf", "http://xmlns.com/foaf/0.1/"),
    ("oa", "http://www.w3.org/ns/oa#"),
    ("schema", "http://schema.org/"),
    ("wd", id::WIKIDATA),
];

/// Namespaces of the resources the pipeline mints. Actors keep their annotated id
/// (`id:mali`); claims and evidence are named by a hash of their content.
pub(crate) mod id {
    /// Actors: `https://w3id.org/sahel-kg/id/mali`.
    pub(crate) const ACTOR: &str = "https://w3id.org/sahel-kg/id/";
    /// Source documents: `https://w3id.org/sahel-kg/id/source/doc000`.
    pub(crate) const SOURCE: &str = "https://w3id.org/sahel-kg/id/source/";
    /// Parts of source documents: `https://w3id.org/sahel-kg/id/part/doc000-answer1`.
    pub(crate) const PART: &str = "https://w3id.org/sahel-kg/id/part/";
    /// Claims (one per fact): `https://w3id.org/sahel-kg/id/claim/<hash>`.
    pub(crate) const CLAIM: &str = "https://w3id.org/sahel-kg/id/claim/";
    /// Evidence (the quote located in its document): `.../id/evidence/<hash>`, with the
    /// selectors at `<hash>-quote` and `<hash>-position`.
    pub(crate) const EVIDENCE: &str = "https://w3id.org/sahel-kg/id/evidence/";
    /// Shared passages: `.../id/passage/<hash>`, named by where they lie; each occurrence at
    /// `<hash>-<source>-<start>`, its selector at `<hash>-<source>-<start>-position`.
    pub(crate) const PASSAGE: &str = "https://w3id.org/sahel-kg/id/passage/";
    /// Wikidata entities, for `owl:sameAs` links.
    pub(crate) const WIKIDATA: &str = "http://www.wikidata.org/entity/";
}

/// The sahel-kg ontology, `ontology/sahel-kg.ttl`.
pub(crate) mod skg {
    use super::NamedNodeRef;

    /// The ontology namespace.
    pub(crate) const NS: &str = "https://w3id.org/sahel-kg/ontology#";
    /// The ontology document itself.
    #[cfg(test)]
    pub(crate) const ONTOLOGY: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/sahel-kg/ontology");

    /// Any party: the root of the actor types.
    pub(crate) const ACTOR: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/sahel-kg/ontology#Actor");
    /// The root of the source kinds.
    pub(crate) const DOCUMENT: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/sahel-kg/ontology#Document");
    /// The root of the part kinds.
    pub(crate) const DOCUMENT_PART: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/sahel-kg/ontology#DocumentPart");
    /// Page boilerplate: a part no fact may cite.
    pub(crate) const BOILERPLATE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/sahel-kg/ontology#Boilerplate");
    /// A reader comment: its claims belong to the comment, not to the publisher.
    pub(crate) const READER_COMMENT: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/sahel-kg/ontology#ReaderComment");
    /// The class of claim nodes.
    pub(crate) const CLAIM: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/sahel-kg/ontology#Claim");
    /// The class of claim strengths.
    pub(crate) const STRENGTH: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/sahel-kg/ontology#Strength");
    /// A claim the document makes in its own voice.
    pub(crate) const STATED: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/sahel-kg/ontology#stated");
    /// A claim made by a party and reported by the document.
    pub(crate) const CLAIMED: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/sahel-kg/ontology#claimed");
    /// A claim the text only suggests: never asserted as a direct triple.
    pub(crate) const IMPLIED: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/sahel-kg/ontology#implied");

    /// The super-property of every relation a fact may use.
    pub(crate) const RELATED_TO: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/sahel-kg/ontology#relatedTo");
    /// Links armed forces or a government to the state they act for.
    pub(crate) const ACTS_FOR: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/sahel-kg/ontology#actsFor");
    /// Claim -> source document.
    pub(crate) const SOURCED_BY: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/sahel-kg/ontology#sourcedBy");
    /// Claim -> document part.
    pub(crate) const IN_PART: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/sahel-kg/ontology#inPart");
    /// Claim -> exact quote (a copy of the evidence's `oa:exact`).
    pub(crate) const QUOTE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/sahel-kg/ontology#quote");
    /// Claim -> evidence (`oa:SpecificResource`).
    pub(crate) const EVIDENCE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/sahel-kg/ontology#evidence");
    /// Claim -> the actor who makes it.
    pub(crate) const CLAIMED_BY: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/sahel-kg/ontology#claimedBy");
    /// Claim -> strength.
    pub(crate) const STRENGTH_PROPERTY: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/sahel-kg/ontology#strength");
    /// Claim -> when the relation started.
    pub(crate) const START_DATE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/sahel-kg/ontology#startDate");
    /// Claim -> when the relation ended.
    pub(crate) const END_DATE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/sahel-kg/ontology#endDate");
    /// The annotator's remark on a claim, actor or source.
    pub(crate) const NOTE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/sahel-kg/ontology#note");
    /// Document -> SHA-256 of its file.
    pub(crate) const SHA256: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/sahel-kg/ontology#sha256");
    /// Document -> file name under `seeds/documents/`.
    pub(crate) const FILE_NAME: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/sahel-kg/ontology#fileName");
    /// Document -> when its text was captured from its address (`schema:url`).
    pub(crate) const RETRIEVED: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/sahel-kg/ontology#retrieved");
    /// Document -> what the text says of its date when it gives no absolute one.
    pub(crate) const DATE_PRECISION_NOTE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/sahel-kg/ontology#datePrecisionNote");
    /// Part -> first line (1-based).
    pub(crate) const FIRST_LINE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/sahel-kg/ontology#firstLine");
    /// Part -> last line (inclusive).
    pub(crate) const LAST_LINE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/sahel-kg/ontology#lastLine");
    /// Document -> the document of the corpus it reproduces.
    pub(crate) const REPRINTS: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/sahel-kg/ontology#reprints");
    /// The class of passages two or more documents carry word for word.
    pub(crate) const SHARED_PASSAGE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/sahel-kg/ontology#SharedPassage");
    /// Shared passage -> where it lies in one document (`oa:SpecificResource`).
    pub(crate) const OCCURRENCE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/sahel-kg/ontology#occurrence");
    /// Claim -> the shared passage its quote lies in.
    pub(crate) const IN_SHARED_PASSAGE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/sahel-kg/ontology#inSharedPassage");
    /// Claim -> what it counts as when the sources of its relation are counted: a shared
    /// passage, or the original its source reprints.
    pub(crate) const COUNTS_AS: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/sahel-kg/ontology#countsAs");
    /// Shared passage -> its length in words.
    pub(crate) const WORD_COUNT: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/sahel-kg/ontology#wordCount");
    /// Shared passage -> the start of its text.
    pub(crate) const EXCERPT: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/sahel-kg/ontology#excerpt");
    /// Occurrence -> the line it starts on (1-based).
    pub(crate) const START_LINE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/sahel-kg/ontology#startLine");
    /// Occurrence -> the line it ends on (inclusive).
    pub(crate) const END_LINE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/sahel-kg/ontology#endLine");

    /// Every term above, for the test that checks them against the ontology file.
    #[cfg(test)]
    pub(crate) const ALL: &[NamedNodeRef<'_>] = &[
        ONTOLOGY,
        ACTOR,
        DOCUMENT,
        DOCUMENT_PART,
        BOILERPLATE,
        READER_COMMENT,
        CLAIM,
        STRENGTH,
        STATED,
        CLAIMED,
        IMPLIED,
        RELATED_TO,
        ACTS_FOR,
        SOURCED_BY,
        IN_PART,
        QUOTE,
        EVIDENCE,
        CLAIMED_BY,
        STRENGTH_PROPERTY,
        START_DATE,
        END_DATE,
        NOTE,
        SHA256,
        FILE_NAME,
        RETRIEVED,
        DATE_PRECISION_NOTE,
        FIRST_LINE,
        LAST_LINE,
        REPRINTS,
        SHARED_PASSAGE,
        OCCURRENCE,
        IN_SHARED_PASSAGE,
        COUNTS_AS,
        WORD_COUNT,
        EXCERPT,
        START_LINE,
        END_LINE,
    ];
}

/// RDF, RDFS and OWL terms.
pub(crate) mod rdf {
    use super::NamedNodeRef;

    pub(crate) use oxigraph::model::vocab::rdf::{OBJECT, PREDICATE, STATEMENT, SUBJECT, TYPE};
    /// `rdfs:comment`, which every term of the ontology carries (checked by a test).
    #[cfg(test)]
    pub(crate) use oxigraph::model::vocab::rdfs::COMMENT;
    pub(crate) use oxigraph::model::vocab::rdfs::{LABEL, SUB_CLASS_OF};

    /// `rdfs:subPropertyOf`.
    pub(crate) const SUB_PROPERTY_OF: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2000/01/rdf-schema#subPropertyOf");
    /// `rdfs:domain`.
    pub(crate) const DOMAIN: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2000/01/rdf-schema#domain");
    /// `rdfs:range`.
    pub(crate) const RANGE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2000/01/rdf-schema#range");
    /// `owl:SymmetricProperty`.
    pub(crate) const SYMMETRIC_PROPERTY: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2002/07/owl#SymmetricProperty");
    /// `owl:sameAs`.
    pub(crate) const SAME_AS: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2002/07/owl#sameAs");
}

/// SKOS labels.
pub(crate) mod skos {
    use super::NamedNodeRef;

    /// Preferred label, one per language.
    pub(crate) const PREF_LABEL: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2004/02/skos/core#prefLabel");
    /// An alias as the texts spell it.
    pub(crate) const ALT_LABEL: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2004/02/skos/core#altLabel");
    /// A misspelling found in the texts: searchable, never displayed.
    pub(crate) const HIDDEN_LABEL: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2004/02/skos/core#hiddenLabel");
}

/// Dublin Core: terms for typed values, elements for free-text agents.
pub(crate) mod dc {
    use super::NamedNodeRef;

    /// `dcterms:title`.
    pub(crate) const TITLE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://purl.org/dc/terms/title");
    /// `dcterms:issued`: the publication date, at its precision.
    pub(crate) const ISSUED: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://purl.org/dc/terms/issued");
    /// `dcterms:isPartOf`: part -> document.
    pub(crate) const IS_PART_OF: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://purl.org/dc/terms/isPartOf");
    /// `dcterms:identifier`: the annotated id of a fact, source or part.
    pub(crate) const IDENTIFIER: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://purl.org/dc/terms/identifier");
    /// `dcterms:source` with an IRI: the URL a document cites.
    pub(crate) const SOURCE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://purl.org/dc/terms/source");
    /// `dc:source` with text: a cited source that is not a URL.
    pub(crate) const SOURCE_TEXT: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://purl.org/dc/elements/1.1/source");
    /// `dc:creator`: an author's name as the text gives it.
    pub(crate) const CREATOR: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://purl.org/dc/elements/1.1/creator");
    /// `dc:publisher`: a publisher's or channel's name as the text gives it.
    pub(crate) const PUBLISHER: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://purl.org/dc/elements/1.1/publisher");
    /// `dc:language`: a BCP 47 tag.
    pub(crate) const LANGUAGE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://purl.org/dc/elements/1.1/language");
}

/// schema.org, in its `http://schema.org/` namespace (the one Wikidata's RDF uses).
pub(crate) mod schema {
    use super::NamedNodeRef;

    /// `schema:url`: the web address a source document was captured from. Not
    /// `dcterms:source`, which says what the document itself cites (`cites`).
    pub(crate) const URL: NamedNodeRef<'_> = NamedNodeRef::new_unchecked("http://schema.org/url");
}

/// W3C Web Annotation: where a quote lies in its document.
pub(crate) mod oa {
    use super::NamedNodeRef;

    /// `oa:SpecificResource`.
    pub(crate) const SPECIFIC_RESOURCE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/oa#SpecificResource");
    /// `oa:TextQuoteSelector`.
    pub(crate) const TEXT_QUOTE_SELECTOR: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/oa#TextQuoteSelector");
    /// `oa:TextPositionSelector`.
    pub(crate) const TEXT_POSITION_SELECTOR: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/oa#TextPositionSelector");
    /// `oa:hasSource`.
    pub(crate) const HAS_SOURCE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/oa#hasSource");
    /// `oa:hasSelector`.
    pub(crate) const HAS_SELECTOR: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/oa#hasSelector");
    /// `oa:exact`.
    pub(crate) const EXACT: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/oa#exact");
    /// `oa:start`: code point offset, inclusive.
    pub(crate) const START: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/oa#start");
    /// `oa:end`: code point offset, exclusive.
    pub(crate) const END: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/oa#end");
}

/// XML Schema datatypes.
pub(crate) mod xsd {
    pub(crate) use oxigraph::model::vocab::xsd::{
        DATE, G_YEAR, G_YEAR_MONTH, NON_NEGATIVE_INTEGER, STRING,
    };
}
