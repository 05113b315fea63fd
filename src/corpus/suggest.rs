//! Draft facts from French cue words, for an annotator to accept or reject.
//!
//! In: validated annotations. Out: `Suggestion`s. A suggestion is a sentence that names two
//! known actors (found as coverage finds them: labels, aliases and misspellings, whole words)
//! about which no fact and no decision says anything yet, with a relation guessed from a cue
//! word (`allié` -> `allyOf`, `contre` -> `opposes`, `membre` -> `memberOf`...), the pair in
//! the order the relation's domain and range allow, a strength (`stated` for a cue that says
//! the relation outright, `implied` otherwise) and the cue that gave it. `measure` says, cue by
//! cue, how many suggestions the annotations confirm, so weak cues can be dropped.
//!
//! How a cue is chosen for a pair: a cue between the two names, the one nearest the second
//! name ("le Mali, allié de la Russie"), unless a clause break (`alors que`, `mais`) lies
//! between them; other actors named between the two are allowed when they are listed with one
//! of them, and the cue must then lie between that list and the other name ("le Mali, le Niger
//! et le Burkina sont membres de l'AES"). Failing that, when only small words join the two
//! names ("le Mali et la Russie"), the nearest cue naming a mutual relation next to the list
//! they belong to ("ont renforcé leur alliance"). A cue whose relation the ontology lacks, or
//! whose domain and range the pair cannot fill in either order, gives nothing; a relation
//! whose domain is narrower than any actor (people lead and serve) never relates two actors of
//! that class; an actor and the state it acts for are never a pair. A hedge (`aurait`,
//! `serait`, `selon des rumeurs`) flags the suggestion and makes it `implied`; a denial
//! (`dément`, `nie`, `démenti`) suppresses it. The cues were chosen by their measured precision
//! on the shipped seeds (docs/annotating.md): cues that were mostly wrong there were dropped.
//!
//! What this does not do: decide. Nothing enters the graph until the annotator moves a row to
//! the facts (`review.rs`). Negations (`n'est pas allié`), pronouns and relations read across
//! sentences are beyond cue words; coverage still lists those sentences.

use std::ops::Range;

use oxigraph::model::NamedNode;

use crate::pipeline::validate::{Fact, Validated, by_source};
use crate::render::coverage;
use crate::vocab::skg;

/// A cue word and the relation it suggests.
#[derive(Debug)]
pub(crate) struct Cue {
    /// Its name in the measure: a cue may have several entries under one name.
    pub name: &'static str,
    /// Its forms, lower-case words; a form of several words has them separated by spaces.
    forms: &'static [&'static str],
    /// The relation it suggests: the local name of a sub-property of `skg:relatedTo`.
    pub relation: &'static str,
    /// Whether it says the relation outright (`allié`, `membre`): the suggestion is `stated`.
    pub explicit: bool,
    /// Whether it names a relation two actors named together have with each other ("le Mali et
    /// la Russie ont renforcé leur alliance"); any other cue must stand between the two names.
    mutual: bool,
    /// Whether the sentence names the object first ("l'AES regroupe le Mali").
    inverse: bool,
    /// Words after which a form is no cue ("avions de combat").
    not_after: &'static [&'static str],
}

/// A cue with everything but its name, forms and relation at their most common value.
const fn cue(
    name: &'static str,
    forms: &'static [&'static str],
    relation: &'static str,
    explicit: bool,
) -> Cue {
    Cue {
        name,
        forms,
        relation,
        explicit,
        mutual: false,
        inverse: false,
        not_after: &[],
    }
}

/// `cue`, naming a mutual relation.
const fn mutual(
    name: &'static str,
    forms: &'static [&'static str],
    relation: &'static str,
    explicit: bool,
) -> Cue {
    Cue {
        mutual: true,
        ..cue(name, forms, relation, explicit)
    }
}

/// The cues, by relation. A verb form of a mutual noun (`combattent` beside `combats`) gets a
/// cue of its own with the same name, because "le Mali et la Russie combattent le JNIM" does
/// not set Mali against Russia.
pub(crate) const CUES: &[Cue] = &[
    mutual(
        "allié",
        &[
            "allié", "alliée", "alliés", "alliées", "allier", "allie", "allient", "alliant",
        ],
        "allyOf",
        true,
    ),
    mutual("alliance", &["alliance", "alliances"], "allyOf", true),
    cue(
        "aux côtés de",
        &[
            "aux côtés de",
            "aux côtés du",
            "aux côtés des",
            "aux côtés d",
        ],
        "allyOf",
        true,
    ),
    cue(
        "soutien",
        &[
            "soutien",
            "soutiens",
            "soutient",
            "soutiennent",
            "soutenir",
            "soutenu",
            "soutenue",
            "soutenus",
            "soutenues",
        ],
        "allyOf",
        false,
    ),
    mutual(
        "coopération",
        &[
            "coopération",
            "coopérations",
            "coopérer",
            "coopère",
            "coopèrent",
        ],
        "allyOf",
        false,
    ),
    cue("contre", &["contre"], "opposes", false),
    Cue {
        not_after: &["de", "d"],
        ..mutual("combat", &["combats"], "opposes", true)
    },
    Cue {
        not_after: &["de", "d"],
        ..cue(
            "combat",
            &[
                "combat",
                "combattre",
                "combattent",
                "combattu",
                "combattue",
                "combattus",
            ],
            "opposes",
            true,
        )
    },
    cue(
        "attaque",
        &[
            "attaque",
            "attaques",
            "attaqué",
            "attaquée",
            "attaqués",
            "attaquées",
            "attaquer",
            "attaquent",
        ],
        "opposes",
        true,
    ),
    mutual(
        "affrontement",
        &["affrontement", "affrontements"],
        "opposes",
        true,
    ),
    cue(
        "affrontement",
        &[
            "affronte",
            "affrontent",
            "affronter",
            "affronté",
            "affrontée",
        ],
        "opposes",
        true,
    ),
    cue(
        "revendiqué",
        &[
            "revendiqué",
            "revendiquée",
            "revendiqués",
            "revendique",
            "revendiquent",
        ],
        "opposes",
        true,
    ),
    mutual("rupture", &["rupture", "ruptures"], "opposes", false),
    mutual(
        "hostile",
        &["hostile", "hostiles", "hostilité", "hostilités"],
        "opposes",
        true,
    ),
    mutual(
        "ennemi",
        &["ennemi", "ennemie", "ennemis", "ennemies"],
        "opposes",
        true,
    ),
    cue(
        "affilié",
        &["affilié", "affiliée", "affiliés", "affiliées"],
        "allyOf",
        false,
    ),
    cue("membre", &["membre", "membres"], "memberOf", true),
    cue(
        "au sein de",
        &["au sein de", "au sein du", "au sein des", "au sein d"],
        "memberOf",
        false,
    ),
    Cue {
        inverse: true,
        ..cue(
            "regroupe",
            &["regroupe", "regroupent", "regroupant"],
            "memberOf",
            true,
        )
    },
    cue(
        "adhère",
        &["adhère", "adhèrent", "adhérer", "adhéré", "adhésion"],
        "memberOf",
        true,
    ),
    cue(
        "fait partie",
        &[
            "fait partie",
            "font partie",
            "faire partie",
            "faisant partie",
        ],
        "memberOf",
        true,
    ),
    Cue {
        inverse: true,
        ..cue(
            "composé de",
            &[
                "composé de",
                "composée de",
                "composés de",
                "composées de",
                "composé du",
                "composée du",
                "composé des",
                "composée des",
            ],
            "memberOf",
            true,
        )
    },
    mutual(
        "président",
        &["président", "présidente", "chef de l état", "chef d état"],
        "leads",
        true,
    ),
    Cue {
        inverse: true,
        ..cue(
            "dirigé par",
            &["dirigé par", "dirigée par", "dirigés par", "dirigées par"],
            "leads",
            true,
        )
    },
    mutual(
        "ministre",
        &["ministre", "ministres", "chef de la diplomatie"],
        "serves",
        true,
    ),
    cue(
        "ambassadeur",
        &["ambassadeur", "ambassadrice"],
        "serves",
        true,
    ),
    cue("porte-parole", &["porte parole"], "serves", true),
];

/// What a hedge or a denial does to a suggestion in its sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Effect {
    /// Kept, flagged in its note, and `implied`.
    Flag,
    /// Not suggested.
    Suppress,
}

/// A word that makes a sentence's claim doubtful (a hedge) or says it is false (a denial).
#[derive(Debug)]
pub(crate) struct Modifier {
    /// Its name in notes: its first form.
    pub name: &'static str,
    forms: &'static [&'static str],
    /// What it does.
    pub effect: Effect,
}

/// The hedges and denials.
pub(crate) const MODIFIERS: &[Modifier] = &[
    Modifier {
        name: "aurait",
        forms: &["aurait", "auraient"],
        effect: Effect::Flag,
    },
    Modifier {
        name: "serait",
        forms: &["serait", "seraient"],
        effect: Effect::Flag,
    },
    Modifier {
        name: "selon des rumeurs",
        forms: &[
            "selon des rumeurs",
            "selon certaines rumeurs",
            "rumeur",
            "rumeurs",
        ],
        effect: Effect::Flag,
    },
    Modifier {
        name: "dément",
        forms: &["dément", "démentent", "démentir", "démentant"],
        effect: Effect::Suppress,
    },
    Modifier {
        name: "démenti",
        forms: &["démenti", "démentie", "démentis", "démenties"],
        effect: Effect::Suppress,
    },
    Modifier {
        name: "nie",
        forms: &["nie", "nient", "nier", "niant", "nié", "niée"],
        effect: Effect::Suppress,
    },
];

/// Words that may join two names without saying anything of their relation ("le Mali et la
/// Russie", "entre le Niger, le Mali et le Burkina").
const JOINING: &[&str] = &[
    "et", "ou", "ainsi", "que", "le", "la", "les", "l", "de", "du", "des", "d", "sa", "son", "ses",
    "leur", "leurs", "avec", "entre", "à", "au", "aux",
];

/// Words that start another clause: a cue on one side says nothing of a name on the other
/// ("l'allié du Mali dans sa lutte contre les islamistes, alors que la France...").
const BREAKS: &[&str] = &[
    "alors que",
    "tandis que",
    "mais",
    "cependant",
    "toutefois",
    "pourtant",
    "lorsque",
];

/// Whether a clause break (`BREAKS`) lies between two byte offsets of a sentence.
fn breaks(words: &[Word], from: usize, to: usize) -> bool {
    let inside: Vec<&str> = words
        .iter()
        .filter(|w| from <= w.bytes.start && w.bytes.end <= to)
        .map(|w| w.text.as_str())
        .collect();
    BREAKS.iter().any(|phrase| {
        let parts: Vec<&str> = phrase.split(' ').collect();
        inside.windows(parts.len()).any(|w| w == parts.as_slice())
    })
}

/// A draft fact.
#[derive(Debug, Clone)]
pub(crate) struct Suggestion {
    /// Index into `Validated::sources`.
    pub source: usize,
    /// Index into `Validated::parts`, when the document has parts.
    pub part: Option<usize>,
    /// The quote: the sentence, as bytes of the document.
    pub quote: Range<usize>,
    /// The sentence it was found in (the quote may be longer, to occur once).
    pub sentence: Range<usize>,
    /// Index into `Validated::actors`.
    pub subject: usize,
    /// The relation's code.
    pub relation: &'static str,
    /// Index into `Validated::actors`.
    pub object: usize,
    /// The strength's code.
    pub strength: &'static str,
    /// The cue that gave the relation.
    pub cue: &'static Cue,
    /// The cue as the sentence writes it.
    pub cue_text: String,
    /// The hedge that flags it.
    pub hedge: Option<&'static Modifier>,
}

/// A suggestion a denial suppressed.
#[derive(Debug, Clone)]
pub(crate) struct Suppressed {
    /// What would have been suggested.
    pub suggestion: Suggestion,
    /// The denial.
    pub denial: &'static Modifier,
}

/// What `suggest` found.
#[derive(Debug, Default)]
pub(crate) struct Found {
    /// The suggestions, by source (in the order asked), then position.
    pub suggestions: Vec<Suggestion>,
    /// The suggestions a denial suppressed.
    pub suppressed: Vec<Suppressed>,
}

/// Whether what the annotations already say is left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Existing {
    /// A pair a fact or a decision covers is not suggested: the annotator's work list.
    Skip,
    /// Everything is suggested, as if no fact or decision existed: for `measure`.
    Ignore,
}

/// A word of a sentence: lower-case, with its bytes in the document.
struct Word {
    text: String,
    bytes: Range<usize>,
}

/// A cue or modifier found in a sentence.
struct Hit<T: 'static> {
    what: &'static T,
    bytes: Range<usize>,
}

/// Suggestions for the sources `sources` (indices into `Validated::sources`).
pub(crate) fn suggest(
    validated: &Validated,
    sources: &[usize],
    existing: Existing,
) -> anyhow::Result<Found> {
    let (finder, owners) = coverage::finder(validated)?;
    let n = validated.sources.len();
    let mut parts_by_source: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, part) in validated.parts.iter().enumerate() {
        parts_by_source[part.source].push(i);
    }
    let facts_by_source = by_source(&validated.facts, n, |f| f.source);
    let not_facts_by_source = by_source(&validated.not_facts, n, |d| d.source);
    let cues: Vec<&'static Cue> = CUES
        .iter()
        .filter(|c| validated.ontology.relations.contains_key(c.relation))
        .collect();
    let mut found = Found::default();
    for &s in sources {
        let document = &validated.sources[s].document;
        let parts = &parts_by_source[s];
        let mentions: Vec<(usize, Range<usize>)> = document
            .whole_words(&finder)
            .map(|(pattern, bytes)| (owners[pattern], bytes))
            .collect();
        let mut first = 0;
        for sentence in document.sentences() {
            // Mentions come in document order, and sentences too: one pass over both.
            while mentions
                .get(first)
                .is_some_and(|(_, m)| m.start < sentence.start)
            {
                first += 1;
            }
            let last = first
                + mentions[first..]
                    .iter()
                    .take_while(|(_, m)| m.end <= sentence.end)
                    .count();
            let named = &mentions[first..last];
            if named.iter().all(|(a, _)| *a == named[0].0) {
                continue;
            }
            let part = match place_of(validated, parts, &sentence) {
                Some(Place::Document) => None,
                Some(Place::Part(p)) => Some(p),
                None => continue,
            };
            let decided = existing == Existing::Skip
                && not_facts_by_source[s]
                    .iter()
                    .any(|d| overlaps(&d.span.bytes, &sentence));
            if decided {
                continue;
            }
            let within = part.map(|p| validated.parts[p].bytes.clone());
            let Some(quote) = quote_of(validated, s, within, &sentence) else {
                continue;
            };
            let context = Sentence {
                validated,
                source: s,
                part,
                bytes: sentence,
                quote,
                named,
                covered: match existing {
                    Existing::Skip => &facts_by_source[s],
                    Existing::Ignore => &[],
                },
            };
            context.suggest(&cues, &mut found);
        }
    }
    Ok(found)
}

/// Where in its document a fact may quote a sentence.
enum Place {
    /// Anywhere: the document has no parts.
    Document,
    /// In this part (an index into `Validated::parts`).
    Part(usize),
}

/// Where a sentence lies (`parts`: the document's, indices into `Validated::parts`); none for
/// a sentence a fact cannot quote: in boilerplate, or outside every part of a document that
/// has parts (a fact must then name one).
fn place_of(validated: &Validated, parts: &[usize], sentence: &Range<usize>) -> Option<Place> {
    if parts.is_empty() {
        return Some(Place::Document);
    }
    let part = parts.iter().copied().find(|&p| {
        let bytes = &validated.parts[p].bytes;
        bytes.start <= sentence.start && sentence.end <= bytes.end
    })?;
    (validated.parts[part].kind.as_ref() != skg::BOILERPLATE).then_some(Place::Part(part))
}

/// One sentence naming two actors or more, and what it needs to be judged.
struct Sentence<'a> {
    validated: &'a Validated,
    source: usize,
    part: Option<usize>,
    bytes: Range<usize>,
    quote: Range<usize>,
    /// The mentions in it, in order.
    named: &'a [(usize, Range<usize>)],
    /// The facts whose pairs are not suggested again.
    covered: &'a [&'a Fact],
}

impl Sentence<'_> {
    fn suggest(&self, cues: &[&'static Cue], found: &mut Found) {
        let text = self.validated.sources[self.source].document.text();
        let words = words(text, &self.bytes);
        let hits: Vec<Hit<Cue>> = find(&words, cues.iter().copied(), |c| c.forms)
            .into_iter()
            // "Alliance des États du Sahel", "Groupe de soutien à l'islam" are names.
            .filter(|h| !self.named.iter().any(|(_, m)| overlaps(m, &h.bytes)))
            .filter(|h| {
                let before = words.iter().rev().find(|w| w.bytes.end <= h.bytes.start);
                !before.is_some_and(|w| h.what.not_after.contains(&w.text.as_str()))
            })
            .collect();
        let modifiers = find(&words, MODIFIERS.iter(), |m| m.forms);
        let hedge = modifiers
            .iter()
            .find(|m| m.what.effect == Effect::Flag)
            .map(|m| m.what);
        let denial = modifiers
            .iter()
            .find(|m| m.what.effect == Effect::Suppress)
            .map(|m| m.what);
        let mut actors: Vec<usize> = self.named.iter().map(|(a, _)| *a).collect();
        actors.sort_unstable();
        actors.dedup();
        let mut pairs = Vec::new();
        for (i, &a) in actors.iter().enumerate() {
            for &b in &actors[i + 1..] {
                // An armed force and the state it acts for are one side, not a pair.
                if self.same(a, b) {
                    continue;
                }
                if self.covered.iter().any(|f| {
                    overlaps(&f.span.bytes, &self.bytes)
                        && ((self.same(f.subject, a) && self.same(f.object, b))
                            || (self.same(f.subject, b) && self.same(f.object, a)))
                }) {
                    continue;
                }
                // The nearest two mentions first, then the others: "la Russie ... avec le
                // Mali, à Moscou" relates the Russia the cue is next to.
                let chosen = self.mentions(a, b).into_iter().find_map(|(first, second)| {
                    let chosen = self.choose(&hits, &words, &first, &second)?;
                    Some((first.start, second.start, chosen))
                });
                pairs.extend(chosen);
            }
        }
        pairs.sort_by_key(|(first, second, _)| (*first, *second));
        for (_, _, (cue, bytes, subject, object)) in pairs {
            let suggestion = Suggestion {
                source: self.source,
                part: self.part,
                quote: self.quote.clone(),
                sentence: self.bytes.clone(),
                subject,
                relation: cue.relation,
                object,
                strength: self.strength(cue, hedge.is_some()),
                cue,
                cue_text: text[bytes].to_owned(),
                hedge,
            };
            match denial {
                Some(denial) => found.suppressed.push(Suppressed { suggestion, denial }),
                None => found.suggestions.push(suggestion),
            }
        }
    }

    /// Whether two actors are one, or one acts for the other (`armée malienne` for Mali).
    fn same(&self, a: usize, b: usize) -> bool {
        let actors = &self.validated.actors;
        a == b || actors[a].acts_for == Some(b) || actors[b].acts_for == Some(a)
    }

    /// Every pair of a mention of `a` and one of `b`, each pair in sentence order, the nearest
    /// pairs first.
    fn mentions(&self, a: usize, b: usize) -> Vec<(Mention, Mention)> {
        let of = |x: usize| self.named.iter().filter(move |(y, _)| *y == x);
        let mut pairs: Vec<(Mention, Mention)> = of(a)
            .flat_map(|ma| of(b).map(move |mb| (ma, mb)))
            .map(|(ma, mb)| {
                let (ma, mb) = (Mention::from(ma), Mention::from(mb));
                if ma.start <= mb.start {
                    (ma, mb)
                } else {
                    (mb, ma)
                }
            })
            .collect();
        pairs.sort_by_key(|(first, second)| (second.start.saturating_sub(first.end), first.start));
        pairs
    }

    /// The cue for a pair of mentions, where it is, and the pair in the relation's order
    /// (the rules are in the module comment).
    fn choose(
        &self,
        hits: &[Hit<Cue>],
        words: &[Word],
        first: &Mention,
        second: &Mention,
    ) -> Option<(&'static Cue, Range<usize>, usize, usize)> {
        let others: Vec<&Range<usize>> = self
            .named
            .iter()
            .filter(|(a, _)| *a != first.actor && *a != second.actor)
            .map(|(_, m)| m)
            .collect();
        let inner: Vec<&Range<usize>> = others
            .iter()
            .copied()
            .filter(|m| first.end <= m.start && m.end <= second.start)
            .collect();
        // Other actors named between the two are allowed when they are listed with one of
        // them; the cue lies between the list and the other ("le Mali, le Niger et le Burkina
        // sont membres de l'AES", "l'AES regroupe le Burkina, le Mali et le Niger").
        let window = match (inner.first(), inner.last()) {
            (Some(head), Some(last)) => {
                if self.joined(words, first.end, last.start) {
                    Some(last.end..second.start)
                } else if self.joined(words, head.end, second.start) {
                    Some(first.end..head.start)
                } else {
                    None
                }
            }
            _ => Some(first.end..second.start),
        };
        let broken = breaks(words, first.end, second.start);
        let mut between: Vec<&Hit<Cue>> = match window {
            Some(window) if !broken => hits
                .iter()
                .filter(|h| window.start <= h.bytes.start && h.bytes.end <= window.end)
                .collect(),
            _ => Vec::new(),
        };
        between.sort_by_key(|h| std::cmp::Reverse(h.bytes.start));
        let around = if between.is_empty() && self.joined(words, first.end, second.start) {
            self.around(hits, words, &others, first, second)
        } else {
            Vec::new()
        };
        between.into_iter().chain(around).find_map(|hit| {
            let (subject, object) = self.orient(hit.what, first.actor, second.actor)?;
            Some((hit.what, hit.bytes.clone(), subject, object))
        })
    }

    /// The mutual cues for a pair joined by small words, nearest first: the list the pair
    /// belongs to, and a cue next to it with no other actor named in between ("le Mali, le
    /// Niger et le Burkina ont entériné leur alliance").
    fn around<'h>(
        &self,
        hits: &'h [Hit<Cue>],
        words: &[Word],
        others: &[&Range<usize>],
        first: &Mention,
        second: &Mention,
    ) -> Vec<&'h Hit<Cue>> {
        let mut start = first.start;
        let mut end = second.end;
        for m in others.iter().rev() {
            if m.end <= start && self.joined(words, m.end, start) {
                start = m.start;
            }
        }
        for m in others {
            if end <= m.start && self.joined(words, end, m.start) {
                end = m.end;
            }
        }
        let mut around: Vec<&Hit<Cue>> = hits
            .iter()
            .filter(|h| h.what.mutual && (h.bytes.end <= start || end <= h.bytes.start))
            .filter(|h| {
                let gap = if h.bytes.end <= start {
                    h.bytes.end..start
                } else {
                    end..h.bytes.start
                };
                !others.iter().any(|m| overlaps(m, &gap))
            })
            .collect();
        around.sort_by_key(|h| {
            if h.bytes.start >= end {
                h.bytes.start - end
            } else {
                start.saturating_sub(h.bytes.end)
            }
        });
        around
    }

    /// Whether only small words (`JOINING`) and punctuation stand between two byte offsets of
    /// the sentence, names aside.
    fn joined(&self, words: &[Word], from: usize, to: usize) -> bool {
        words
            .iter()
            .filter(|w| from <= w.bytes.start && w.bytes.end <= to)
            .filter(|w| !self.named.iter().any(|(_, m)| overlaps(m, &w.bytes)))
            .all(|w| JOINING.contains(&w.text.as_str()))
    }

    /// The pair as subject and object of the cue's relation: in sentence order (reversed for an
    /// inverse cue) when the relation's domain and range allow it, else the other way round
    /// when they allow that, else none.
    fn orient(&self, cue: &Cue, first: usize, second: usize) -> Option<(usize, usize)> {
        let relation = self.validated.ontology.relations.get(cue.relation)?;
        let actors = &self.validated.actors;
        let fits = |class: &Option<NamedNode>, actor: usize| {
            class
                .as_ref()
                .is_none_or(|c| self.validated.ontology.is_a(&actors[actor].kind, c))
        };
        // A relation whose domain is narrower than any actor (people lead and serve) does not
        // relate two actors of that class: a minister serves a state, not the president.
        let allowed = |s: usize, o: usize| {
            fits(&relation.domain, s)
                && fits(&relation.range, o)
                && relation
                    .domain
                    .as_ref()
                    .is_none_or(|d| !self.validated.ontology.is_a(&actors[o].kind, d))
        };
        let (s, o) = if cue.inverse {
            (second, first)
        } else {
            (first, second)
        };
        if allowed(s, o) {
            Some((s, o))
        } else if allowed(o, s) {
            Some((o, s))
        } else {
            None
        }
    }

    /// `stated` for an explicit cue (`claimed` in a reader's comment, which speaks for itself),
    /// `implied` for any other or under a hedge.
    fn strength(&self, cue: &Cue, hedged: bool) -> &'static str {
        if hedged || !cue.explicit {
            return local_name_of(skg::IMPLIED);
        }
        let comment = self
            .part
            .is_some_and(|p| self.validated.parts[p].kind.as_ref() == skg::READER_COMMENT);
        if comment {
            local_name_of(skg::CLAIMED)
        } else {
            local_name_of(skg::STATED)
        }
    }
}

/// The local name of one of the ontology's terms, which `vocab` spells once.
fn local_name_of(term: oxigraph::model::NamedNodeRef<'static>) -> &'static str {
    let iri = term.as_str();
    iri.rfind(['#', '/']).map_or(iri, |i| &iri[i + 1..])
}

/// A mention of an actor in a sentence.
struct Mention {
    actor: usize,
    start: usize,
    end: usize,
}

impl From<&(usize, Range<usize>)> for Mention {
    fn from((actor, bytes): &(usize, Range<usize>)) -> Self {
        Self {
            actor: *actor,
            start: bytes.start,
            end: bytes.end,
        }
    }
}

/// Whether two byte ranges share a byte.
fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// The words of `range` of `text`: runs of letters and digits, lower-case (`l’alliance` is
/// `l`, `alliance`).
fn words(text: &str, range: &Range<usize>) -> Vec<Word> {
    let mut words = Vec::new();
    let mut start = None;
    let slice = &text[range.clone()];
    for (i, c) in slice.char_indices().chain([(slice.len(), ' ')]) {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                words.push(Word {
                    text: slice[s..i].to_lowercase(),
                    bytes: range.start + s..range.start + i,
                });
                start = None;
            }
            _ => {}
        }
    }
    words
}

/// Every place one of the forms of `items` occurs as whole words in `words`.
fn find<T>(
    words: &[Word],
    items: impl Iterator<Item = &'static T>,
    forms: impl Fn(&'static T) -> &'static [&'static str],
) -> Vec<Hit<T>> {
    let mut hits = Vec::new();
    for item in items {
        for form in forms(item) {
            let parts: Vec<&str> = form.split(' ').collect();
            for (i, window) in words.windows(parts.len()).enumerate() {
                if window.iter().zip(&parts).all(|(w, p)| w.text == *p) {
                    hits.push(Hit {
                        what: item,
                        bytes: words[i].bytes.start..words[i + parts.len() - 1].bytes.end,
                    });
                }
            }
        }
    }
    hits.sort_by_key(|h| h.bytes.start);
    hits
}

/// The quote for a sentence: its text without a leading bullet or sign (a cell starting with
/// `=`, `+`, `-` or `@` is a formula to a spreadsheet), the whole line when the sentence occurs
/// more than once in `within` (its part, or the document), none when the line does too.
fn quote_of(
    validated: &Validated,
    source: usize,
    within: Option<Range<usize>>,
    sentence: &Range<usize>,
) -> Option<Range<usize>> {
    let document = &validated.sources[source].document;
    let within = within.unwrap_or_else(|| document.everything());
    let text = document.text();
    let trimmed = |r: Range<usize>| {
        let slice = &text[r.clone()];
        let kept = slice.trim_start_matches(|c: char| {
            c.is_whitespace() || matches!(c, '=' | '+' | '-' | '@' | '•' | '*' | '–' | '—' | '·')
        });
        r.start + (slice.len() - kept.len())..r.end
    };
    // Once, and there: validation counts occurrences that do not overlap, and places the
    // quote at the first.
    let once = |r: &Range<usize>| {
        let found = document.occurrences(&text[r.clone()], within.clone());
        !r.is_empty() && matches!(found.as_slice(), [only] if only.bytes.start == r.start)
    };
    let quote = trimmed(sentence.clone());
    if once(&quote) {
        return Some(quote);
    }
    let line = document.line_of(sentence.start);
    let line = trimmed(document.lines(line, line));
    once(&line).then_some(line)
}

/// One cue's figures in a `Measure`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Tally {
    /// Suggestions made.
    pub suggested: usize,
    /// Those a fact confirms: same pair (or an actor acting for one of it), same relation (in
    /// the same order, for a relation that is not symmetric), quote overlapping the sentence.
    pub right: usize,
    /// Those whose pair a fact relates otherwise.
    pub other_relation: usize,
    /// Those whose sentence a not-fact decision covers.
    pub decided: usize,
    /// Those the annotations say nothing about.
    pub unannotated: usize,
}

impl Tally {
    /// `right / suggested`, or none without suggestions.
    pub(crate) fn precision(&self) -> Option<f64> {
        (self.suggested > 0).then(|| ratio(self.right, self.suggested))
    }

    fn add(&mut self, other: &Self) {
        self.suggested += other.suggested;
        self.right += other.right;
        self.other_relation += other.other_relation;
        self.decided += other.decided;
        self.unannotated += other.unannotated;
    }
}

#[allow(
    clippy::cast_precision_loss,
    reason = "counts of suggestions and facts are far below 2^52"
)]
fn ratio(a: usize, b: usize) -> f64 {
    a as f64 / b as f64
}

/// How well the suggestions made as if nothing were annotated agree with the annotations.
#[derive(Debug, Clone, Default)]
pub(crate) struct Measure {
    /// Per cue name and relation, in the order of `CUES`.
    pub cues: Vec<(&'static str, &'static str, Tally)>,
    /// Every cue together.
    pub total: Tally,
    /// The facts of the measured sources.
    pub facts: usize,
    /// Those some suggestion matches.
    pub facts_found: usize,
    /// Suggestions a denial suppressed, which the annotations confirm / in all.
    pub suppressed: (usize, usize),
}

impl Measure {
    /// `facts_found / facts`.
    pub(crate) fn recall(&self) -> Option<f64> {
        (self.facts > 0).then(|| ratio(self.facts_found, self.facts))
    }

    /// The harmonic mean of precision and recall.
    pub(crate) fn f1(&self) -> Option<f64> {
        let (p, r) = (self.total.precision()?, self.recall()?);
        (p + r > 0.0).then(|| 2.0 * p * r / (p + r))
    }
}

/// Compares `found` (made with `Existing::Ignore`) with the facts and decisions of `sources`.
pub(crate) fn measure(validated: &Validated, sources: &[usize], found: &Found) -> Measure {
    let n = validated.sources.len();
    let facts_by_source = by_source(&validated.facts, n, |f| f.source);
    let not_facts_by_source = by_source(&validated.not_facts, n, |d| d.source);
    let mut measure = Measure::default();
    for cue in CUES {
        if !measure
            .cues
            .iter()
            .any(|(name, relation, _)| *name == cue.name && *relation == cue.relation)
        {
            measure
                .cues
                .push((cue.name, cue.relation, Tally::default()));
        }
    }
    let mut found_facts = std::collections::BTreeSet::new();
    for s in &found.suggestions {
        let facts = &facts_by_source[s.source];
        let mut tally = Tally {
            suggested: 1,
            ..Tally::default()
        };
        let right: Vec<&&Fact> = facts
            .iter()
            .filter(|f| agrees(validated, s, f, true))
            .collect();
        if !right.is_empty() {
            tally.right = 1;
            found_facts.extend(right.iter().map(|f| f.id.as_str()));
        } else if facts.iter().any(|f| agrees(validated, s, f, false)) {
            tally.other_relation = 1;
        } else if not_facts_by_source[s.source]
            .iter()
            .any(|d| overlaps(&d.span.bytes, &s.sentence))
        {
            tally.decided = 1;
        } else {
            tally.unannotated = 1;
        }
        if let Some((_, _, t)) = measure
            .cues
            .iter_mut()
            .find(|(name, relation, _)| *name == s.cue.name && *relation == s.cue.relation)
        {
            t.add(&tally);
        }
        measure.total.add(&tally);
    }
    measure.cues.retain(|(_, _, t)| t.suggested > 0);
    measure.facts = sources.iter().map(|&s| facts_by_source[s].len()).sum();
    measure.facts_found = found_facts.len();
    let confirmed = found
        .suppressed
        .iter()
        .filter(|x| {
            facts_by_source[x.suggestion.source]
                .iter()
                .any(|f| agrees(validated, &x.suggestion, f, true))
        })
        .count();
    measure.suppressed = (confirmed, found.suppressed.len());
    measure
}

/// Whether a fact confirms a suggestion: its quote overlaps the sentence and it relates the
/// same pair (an actor acting for one of them counts as that one), by the same relation in
/// the same order when `relation` (either order for a symmetric relation), by any otherwise.
fn agrees(validated: &Validated, s: &Suggestion, f: &Fact, relation: bool) -> bool {
    let actors = &validated.actors;
    let same = |a: usize, b: usize| {
        a == b || actors[a].acts_for == Some(b) || actors[b].acts_for == Some(a)
    };
    let symmetric = validated
        .ontology
        .relations
        .get(s.relation)
        .is_some_and(|r| r.symmetric);
    let forward = same(f.subject, s.subject) && same(f.object, s.object);
    let backward = same(f.subject, s.object) && same(f.object, s.subject);
    overlaps(&f.span.bytes, &s.sentence)
        && if relation {
            f.relation == s.relation && (forward || backward && symmetric)
        } else {
            forward || backward
        }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(words: &[Word]) -> Vec<&str> {
        words.iter().map(|w| w.text.as_str()).collect()
    }

    #[test]
    fn words_are_lower_case_runs_of_letters_split_at_apostrophes() {
        let text = "L’alliance entre le Mali et la Russie, « aux côtés » de Wagner.";
        assert_eq!(
            texts(&words(text, &(0..text.len()))),
            [
                "l", "alliance", "entre", "le", "mali", "et", "la", "russie", "aux", "côtés", "de",
                "wagner"
            ]
        );
    }

    #[test]
    fn a_form_of_several_words_is_found_across_them_whole_words_only() {
        let text = "Il combat aux côtés de l'armée, pas aux côtés; les combattants.";
        let words = words(text, &(0..text.len()));
        let hits = find(&words, CUES.iter(), |c| c.forms);
        let found: Vec<(&str, &str)> = hits
            .iter()
            .map(|h| (h.what.name, &text[h.bytes.clone()]))
            .collect();
        assert_eq!(
            found,
            [("combat", "combat"), ("aux côtés de", "aux côtés de")]
        );
    }

    #[test]
    fn every_cue_names_a_relation_of_the_shipped_ontology_and_every_form_is_lower_case() {
        let ontology = crate::pipeline::ontology::Ontology::load(std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/ontology"
        )))
        .unwrap()
        .unwrap();
        for cue in CUES {
            assert!(
                ontology.relations.contains_key(cue.relation),
                "{}",
                cue.name
            );
        }
        for form in CUES
            .iter()
            .flat_map(|c| c.forms)
            .chain(MODIFIERS.iter().flat_map(|m| m.forms))
        {
            assert_eq!(*form, form.to_lowercase());
        }
    }
}
