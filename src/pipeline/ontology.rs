//! The ontology, read once, as the authority on what an annotation may say.
//!
//! In: every `*.ttl` file of the ontology directory. Out: an `Ontology` holding its triples
//! (loaded into the store with the data, so queries can use its labels) and the vocabulary the
//! annotations may use: the relations (sub-properties of `skg:relatedTo`, with their symmetry,
//! domain and range), the actor types, source kinds and part kinds (sub-classes of `skg:Actor`,
//! `skg:Document`, `skg:DocumentPart`) and the strengths (instances of `skg:Strength`). A CSV
//! cell names a term by its local name. What it does not do: reasoning beyond the sub-class
//! and sub-property closure these checks need.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{NamedNode, NamedNodeRef, NamedOrBlankNode, Term, Triple};

use crate::corpus_file::Folder;
use crate::problem::{Column, Problem, Severity};
use crate::vocab::{rdf, skg};

/// A relation a fact may use.
#[derive(Debug, Clone)]
pub struct Relation {
    /// The CSV code: the property's local name (`allyOf`).
    pub code: String,
    /// The property.
    pub iri: NamedNode,
    /// Declared `owl:SymmetricProperty`: asserted in both directions.
    pub symmetric: bool,
    /// `rdfs:domain`, when narrower than any actor.
    pub domain: Option<NamedNode>,
    /// `rdfs:range`, when narrower than any actor.
    pub range: Option<NamedNode>,
}

/// The ontology's triples and the vocabulary it offers the annotations.
#[derive(Debug, Clone)]
pub struct Ontology {
    /// Every triple of the ontology files, in file order.
    pub triples: Vec<Triple>,
    /// The relations a fact may use, by code.
    pub relations: BTreeMap<String, Relation>,
    /// Actor types by code (`State`).
    pub actor_types: BTreeMap<String, NamedNode>,
    /// Source kinds by code (`NewsArticle`).
    pub source_kinds: BTreeMap<String, NamedNode>,
    /// Part kinds by code (`ReaderComment`).
    pub part_kinds: BTreeMap<String, NamedNode>,
    /// Claim strengths by code (`stated`).
    pub strengths: BTreeMap<String, NamedNode>,
    /// `rdfs:range` of `skg:actsFor`.
    pub acts_for_range: Option<NamedNode>,
    /// Each class with all its super-classes (itself included).
    superclasses: BTreeMap<NamedNode, BTreeSet<NamedNode>>,
    /// The `rdfs:label`s of each term, by language.
    labels: BTreeMap<(NamedNode, String), String>,
}

impl Ontology {
    /// Reads every `*.ttl` file in `dir`. Syntax errors and blank nodes are problems;
    /// an unreadable directory is an error.
    pub fn load(dir: &Path) -> anyhow::Result<Result<Self, Vec<Problem>>> {
        let folder = Folder::new(dir);
        let files = folder.files_ending("ttl", "the ontology directory")?;
        let mut problems = Vec::new();
        if files.is_empty() {
            problems.push(Problem::file(
                dir.display().to_string(),
                "no ontology: expected at least one `.ttl` file here",
            ));
        }
        let mut triples = Vec::new();
        for path in &files {
            let bytes = match folder.read(path.file_name().unwrap_or_default())? {
                Ok(bytes) => bytes,
                Err(refusal) => {
                    problems.push(Problem::file(
                        path.display().to_string(),
                        refusal.reason(&folder),
                    ));
                    continue;
                }
            };
            parse_file(
                &path.display().to_string(),
                &bytes,
                &mut triples,
                &mut problems,
            );
        }
        if !problems.is_empty() {
            return Ok(Err(problems));
        }
        Ok(Ok(Self::from_triples(triples)))
    }

    /// Builds the vocabulary from already parsed triples.
    pub fn from_triples(triples: Vec<Triple>) -> Self {
        let superclasses = closure(&triples, rdf::SUB_CLASS_OF);
        let superproperties = closure(&triples, rdf::SUB_PROPERTY_OF);
        let objects = |s: &NamedNode, p: NamedNodeRef<'_>| -> Vec<NamedNode> {
            triples
                .iter()
                .filter(|t| t.predicate.as_ref() == p && named(&t.subject) == Some(s))
                .filter_map(|t| match &t.object {
                    Term::NamedNode(n) => Some(n.clone()),
                    _ => None,
                })
                .collect()
        };
        let has_type = |s: &NamedNode, class: NamedNodeRef<'_>| {
            objects(s, rdf::TYPE).iter().any(|c| c.as_ref() == class)
        };
        let mut relations = BTreeMap::new();
        for (property, supers) in &superproperties {
            if property.as_ref() == skg::RELATED_TO
                || !supers.iter().any(|s| s.as_ref() == skg::RELATED_TO)
            {
                continue;
            }
            let narrower = |c: &NamedNode| c.as_ref() != skg::ACTOR;
            relations.insert(
                local_name(property).to_owned(),
                Relation {
                    code: local_name(property).to_owned(),
                    iri: property.clone(),
                    symmetric: has_type(property, rdf::SYMMETRIC_PROPERTY),
                    domain: objects(property, rdf::DOMAIN).into_iter().find(narrower),
                    range: objects(property, rdf::RANGE).into_iter().find(narrower),
                },
            );
        }
        let under = |root: NamedNodeRef<'_>| -> BTreeMap<String, NamedNode> {
            superclasses
                .iter()
                .filter(|(c, supers)| {
                    c.as_ref() != root && supers.iter().any(|s| s.as_ref() == root)
                })
                .map(|(c, _)| (local_name(c).to_owned(), c.clone()))
                .collect()
        };
        let actor_types = under(skg::ACTOR);
        let source_kinds = under(skg::DOCUMENT);
        let part_kinds = under(skg::DOCUMENT_PART);
        let strengths = triples
            .iter()
            .filter(|t| t.predicate == rdf::TYPE && t.object == skg::STRENGTH.into())
            .filter_map(|t| named(&t.subject))
            .map(|s| (local_name(s).to_owned(), s.clone()))
            .collect();
        let acts_for_range = objects(&skg::ACTS_FOR.into_owned(), rdf::RANGE)
            .into_iter()
            .next();
        let labels = triples
            .iter()
            .filter(|t| t.predicate == rdf::LABEL)
            .filter_map(|t| match (named(&t.subject), &t.object) {
                (Some(s), Term::Literal(l)) => {
                    Some(((s.clone(), l.language()?.to_owned()), l.value().to_owned()))
                }
                _ => None,
            })
            .collect();
        Self {
            triples,
            relations,
            actor_types,
            source_kinds,
            part_kinds,
            strengths,
            acts_for_range,
            superclasses,
            labels,
        }
    }

    /// Whether `class` is `ancestor` or one of its sub-classes.
    pub fn is_a(&self, class: &NamedNode, ancestor: &NamedNode) -> bool {
        class == ancestor
            || self
                .superclasses
                .get(class)
                .is_some_and(|s| s.contains(ancestor))
    }

    /// A term's English label, or its local name.
    pub fn label<'a>(&'a self, term: &'a NamedNode) -> &'a str {
        self.labels
            .get(&(term.clone(), "en".to_owned()))
            .map_or_else(|| local_name(term), String::as_str)
    }
}

/// The local name of a term: what follows its last `#` or `/`.
pub(crate) fn local_name(term: &NamedNode) -> &str {
    let iri = term.as_str();
    iri.rfind(['#', '/']).map_or(iri, |i| &iri[i + 1..])
}

fn named(subject: &NamedOrBlankNode) -> Option<&NamedNode> {
    match subject {
        NamedOrBlankNode::NamedNode(n) => Some(n),
        NamedOrBlankNode::BlankNode(_) => None,
    }
}

fn parse_file(file: &str, bytes: &[u8], triples: &mut Vec<Triple>, problems: &mut Vec<Problem>) {
    for quad in RdfParser::from_format(RdfFormat::Turtle).for_slice(bytes) {
        match quad {
            Ok(quad) => {
                let triple = Triple::from(quad);
                let blank = matches!(triple.subject, NamedOrBlankNode::BlankNode(_))
                    || matches!(triple.object, Term::BlankNode(_));
                if blank {
                    problems.push(Problem::file(
                        file,
                        format!(
                            "blank node in `{triple}`: the ontology must name every node with an IRI, \
                             so it loads the same in every triple store"
                        ),
                    ));
                } else {
                    triples.push(triple);
                }
            }
            Err(error) => {
                let (line, column) = error.location().map_or((None, None), |l| {
                    (
                        Some(l.start.line + 1),
                        Some(Column::Char(
                            usize::try_from(l.start.column).unwrap_or(usize::MAX) + 1,
                        )),
                    )
                });
                problems.push(Problem {
                    file: file.to_owned(),
                    line,
                    column,
                    message: error.to_string(),
                    severity: Severity::Error,
                });
                // The parser may not recover: one error per file is the honest report.
                return;
            }
        }
    }
}

/// For each subject of `predicate`, itself and everything reachable through it.
fn closure(
    triples: &[Triple],
    predicate: NamedNodeRef<'_>,
) -> BTreeMap<NamedNode, BTreeSet<NamedNode>> {
    let mut direct: BTreeMap<NamedNode, BTreeSet<NamedNode>> = BTreeMap::new();
    for t in triples.iter().filter(|t| t.predicate.as_ref() == predicate) {
        if let (Some(s), Term::NamedNode(o)) = (named(&t.subject), &t.object) {
            direct.entry(s.clone()).or_default().insert(o.clone());
        }
    }
    let mut result = BTreeMap::new();
    for start in direct.keys() {
        let mut seen = BTreeSet::from([start.clone()]);
        let mut todo = vec![start.clone()];
        while let Some(node) = todo.pop() {
            for next in direct.get(&node).into_iter().flatten() {
                if seen.insert(next.clone()) {
                    todo.push(next.clone());
                }
            }
        }
        result.insert(start.clone(), seen);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn shipped() -> Ontology {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("ontology");
        Ontology::load(&dir).unwrap().unwrap()
    }

    #[test]
    fn the_relations_are_read_from_the_ontology() {
        let o = shipped();
        let codes: Vec<_> = o.relations.keys().map(String::as_str).collect();
        assert_eq!(codes, ["allyOf", "leads", "memberOf", "opposes", "serves"]);
        assert!(o.relations["allyOf"].symmetric);
        assert!(o.relations["opposes"].symmetric);
        assert!(!o.relations["memberOf"].symmetric);
        assert_eq!(
            o.relations["memberOf"].range.as_ref().map(local_name),
            Some("Organisation")
        );
        assert_eq!(
            o.relations["leads"].domain.as_ref().map(local_name),
            Some("Person")
        );
    }

    #[test]
    fn every_skg_constant_is_declared_in_the_ontology() {
        let o = shipped();
        let declared: BTreeSet<&NamedNode> = o
            .triples
            .iter()
            .filter(|t| t.predicate == rdf::TYPE)
            .filter_map(|t| named(&t.subject))
            .collect();
        for term in skg::ALL {
            assert!(
                declared.contains(&term.into_owned()),
                "{term} is not declared in ontology/"
            );
        }
    }

    #[test]
    fn every_ontology_term_has_labels_and_comments_in_french_and_english() {
        let o = shipped();
        let subjects: BTreeSet<&NamedNode> =
            o.triples.iter().filter_map(|t| named(&t.subject)).collect();
        for s in subjects {
            for p in [rdf::LABEL, rdf::COMMENT] {
                for lang in ["fr", "en"] {
                    let found = o.triples.iter().any(|t| {
                        named(&t.subject) == Some(s)
                            && t.predicate == p
                            && matches!(&t.object, Term::Literal(l) if l.language() == Some(lang))
                    });
                    assert!(found, "{s} lacks a {p} in `{lang}`");
                }
            }
        }
    }

    #[test]
    fn kinds_and_types_are_the_sub_classes() {
        let o = shipped();
        assert!(o.actor_types.contains_key("State"));
        assert!(o.actor_types.contains_key("PrivateMilitaryCompany"));
        assert!(!o.actor_types.contains_key("Actor"));
        assert!(o.part_kinds.contains_key("Boilerplate"));
        assert!(o.source_kinds.contains_key("QAPage"));
        let codes: Vec<_> = o.strengths.keys().map(String::as_str).collect();
        assert_eq!(codes, ["claimed", "implied", "stated"]);
    }

    #[test]
    fn a_syntax_error_names_the_line_and_column() {
        let mut triples = Vec::new();
        let mut problems = Vec::new();
        parse_file(
            "o.ttl",
            b"@prefix : <http://e/> .\n:a :b :c .\n:d :e <not an iri> .\n",
            &mut triples,
            &mut problems,
        );
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, Some(3));
        assert_eq!(problems[0].column, Some(Column::Char(7)));
    }
}
