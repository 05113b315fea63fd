//! A first split of a new document into parts, for the annotator to correct.
//!
//! In: a document's text and whether it is a question-and-answer page. Out: its parts, each a
//! run of lines with a kind of `skg:DocumentPart` (`Heading`, `Body`, `Answer`,
//! `ReaderComment`, `Boilerplate`) and the reason it was given that kind, so that a wrong
//! guess is seen and corrected in one reading.
//!
//! How: each line is read once, top to bottom, in one of four states: the top of the page
//! (short lines before the first paragraph are its heading), the main text (paragraphs, with
//! the intertitles that introduce them), page furniture (after "Lire aussi", a share bar, a
//! comment form or a copyright line: everything but a real paragraph) and the comments (after
//! "Commentaires" or "Réagir", or a reader's name over a date: a new comment at each name and
//! date, "X a écrit :" or number). A run of three short lines in the main text that introduce
//! no paragraph is a list of links, as is a short line just before page furniture. Only what
//! the text makes plain is recognised: the cues are the words French news pages print, not
//! guesses from layout. What this does not do: read a part's author or date (the annotator
//! copies them), or split the main text into standfirst and body (both are the publisher's
//! voice; the first paragraph stays in the body).

/// A kind of part: the local name of a sub-class of `skg:DocumentPart`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Title, standfirst, byline: the publisher's heading.
    Heading,
    /// The main text.
    Body,
    /// One answer of a question-and-answer page.
    Answer,
    /// One reader's comment.
    ReaderComment,
    /// Navigation, links, buttons, forms, copyright: never a source of facts.
    Boilerplate,
}

impl Kind {
    /// Its name in the ontology and in `parts.csv`.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Heading => "Heading",
            Self::Body => "Body",
            Self::Answer => "Answer",
            Self::ReaderComment => "ReaderComment",
            Self::Boilerplate => "Boilerplate",
        }
    }
}

/// A proposed part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Part {
    /// Its first line, from 1.
    pub first_line: usize,
    /// Its last line, included.
    pub last_line: usize,
    /// Its kind.
    pub kind: Kind,
    /// Why it was given that kind, in a few words.
    pub why: String,
}

/// Where the reading is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Before the first paragraph.
    Top,
    /// In the main text.
    Main,
    /// In page furniture: links, buttons, forms, footer.
    Furniture,
    /// In the reader comments.
    Comments,
}

/// What the reading says of one line.
#[derive(Debug, Clone)]
struct Tag {
    kind: Kind,
    /// It starts a part of its own (a comment, an answer) even after one of its kind.
    starts: bool,
    why: String,
    /// What a short line may turn out to be, once its neighbours are known.
    shape: Shape,
}

impl Tag {
    fn new(kind: Kind, why: impl Into<String>) -> Self {
        Self {
            kind,
            starts: false,
            why: why.into(),
            shape: Shape::Plain,
        }
    }

    fn starting(mut self) -> Self {
        self.starts = true;
        self
    }
}

/// What a short line may turn out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// Nothing in particular.
    Plain,
    /// A short line of the main text that introduces no paragraph: a link, or a menu entry,
    /// when others stand with it (see `runs_of_links`).
    Loose,
    /// A short line of the main text that introduces a paragraph.
    Intertitle,
    /// A line of the heading that reads like a menu entry (`Politique`, `International`): a
    /// menu when three stand together.
    Menu,
}

/// The document's parts (see the module comment), in line order, blank lines between them left
/// out.
pub(crate) fn propose(text: &str, questions_and_answers: bool) -> Vec<Part> {
    let lines: Vec<&str> = text.split('\n').map(str::trim).collect();
    let mut tags: Vec<Option<Tag>> = vec![None; lines.len()];
    let mut state = State::Top;
    // In the comments: whether a comment was opened by a name, a date or a number; if none
    // was, each block between blank lines is a comment.
    let mut headed = false;
    for i in 0..lines.len() {
        if lines[i].is_empty() {
            continue;
        }
        if !lines[i].chars().any(char::is_alphanumeric) {
            // A dash or a row of stars belongs with what surrounds it.
            let before = tags[..i].iter().rev().flatten().next();
            let kind = before.map_or(Kind::Boilerplate, |t| t.kind);
            tags[i] = Some(Tag::new(kind, "punctuation only"));
            continue;
        }
        let (tag, next) = read_line(&lines, i, state, questions_and_answers, &mut headed);
        tags[i] = Some(tag);
        state = next;
    }
    runs_of_links(&lines, &mut tags);
    parts(&tags)
}

/// The tag of line `i` and the state after it.
fn read_line(lines: &[&str], i: usize, state: State, qa: bool, headed: &mut bool) -> (Tag, State) {
    let line = lines[i];
    let cue = cue(line);
    if cue == Some(Cue::Button) {
        match state {
            State::Comments => return (Tag::new(Kind::ReaderComment, "a button"), state),
            State::Main if qa => return (Tag::new(Kind::Answer, "a button"), state),
            _ => {}
        }
    }
    if let Some(cue) = cue {
        let why = cue.what();
        let next = match (cue, state) {
            (Cue::Comments, _) => {
                *headed = false;
                State::Comments
            }
            (Cue::Links | Cue::Form, _) => State::Furniture,
            // A share bar or a menu inside the heading or the comments leaves them open; a
            // newsletter, a cookie or a copyright line after the comments closes them.
            (_, State::Top) if cue != Cue::Copyright => state,
            (Cue::Share | Cue::Navigation | Cue::Hashtags | Cue::Button, State::Comments) => state,
            _ => State::Furniture,
        };
        return (Tag::new(Kind::Boilerplate, why), next);
    }
    if let Some(opener) = header(lines, i, state == State::Comments) {
        match (qa, state) {
            (true, _) => {
                let tag = Tag::new(Kind::Answer, format!("an answer under {opener}"));
                return (tag.starting(), State::Main);
            }
            (false, State::Main | State::Furniture | State::Comments) => {
                *headed = true;
                let tag = Tag::new(
                    Kind::ReaderComment,
                    format!("a reader's comment under {opener}"),
                );
                return (tag.starting(), State::Comments);
            }
            (false, State::Top) => {}
        }
    }
    let body = if qa { Kind::Answer } else { Kind::Body };
    match state {
        // A question page's heading is the question and its text, up to the first answer.
        State::Top if is_paragraph(line) && !qa => (
            Tag::new(body, "the first paragraph and what follows it").starting(),
            State::Main,
        ),
        State::Top => {
            let mut tag = Tag::new(Kind::Heading, "short lines before the first paragraph");
            if is_menu_item(line) {
                tag.shape = Shape::Menu;
            }
            (tag, state)
        }
        State::Main => (main_line(lines, i, body), state),
        State::Furniture if is_paragraph(line) && words(line) >= 20 && ends_sentence(line) => (
            Tag::new(body, "a paragraph after page furniture").starting(),
            State::Main,
        ),
        State::Furniture => (Tag::new(Kind::Boilerplate, "with the lines above"), state),
        State::Comments => {
            let block_start = i == 0 || lines[i - 1].is_empty();
            let mut tag = Tag::new(Kind::ReaderComment, "a reader's comment");
            tag.starts = !*headed && block_start;
            (tag, state)
        }
    }
}

/// A line of the main text: a paragraph, an intertitle, a credit, or a loose short line.
fn main_line(lines: &[&str], i: usize, body: Kind) -> Tag {
    let line = lines[i];
    let mut tag = Tag::new(body, "paragraphs");
    if is_paragraph(line) || is_credit(line) {
        return tag;
    }
    let next = lines[i + 1..].iter().find(|l| !l.is_empty());
    if next.is_some_and(|l| is_paragraph(l) && cue(l).is_none())
        && !line.ends_with('.')
        && words(line) <= 15
    {
        tag.shape = Shape::Intertitle;
    } else {
        tag.shape = Shape::Loose;
    }
    tag
}

/// Loose short lines of the main text become boilerplate when three stand together (a list
/// of links, a menu) or when they lead into boilerplate (an outlet's name over "Du même
/// sujet").
fn runs_of_links(lines: &[&str], tags: &mut [Option<Tag>]) {
    let filled: Vec<usize> = (0..lines.len()).filter(|&i| tags[i].is_some()).collect();
    let flagged = |tags: &[Option<Tag>], j: usize, shape: Shape| {
        tags[filled[j]].as_ref().is_some_and(|t| t.shape == shape)
    };
    // Menus in the heading: three entries or more together.
    let mut k = 0;
    while k < filled.len() {
        let mut end = k;
        while end < filled.len() && flagged(tags, end, Shape::Menu) {
            end += 1;
        }
        if end - k >= 3 {
            for &j in &filled[k..end] {
                if let Some(tag) = &mut tags[j] {
                    tag.kind = Kind::Boilerplate;
                    "a menu".clone_into(&mut tag.why);
                }
            }
        }
        k = end.max(k + 1);
    }
    let mut k = 0;
    while k < filled.len() {
        let loose = |j: usize| flagged(tags, j, Shape::Loose);
        if !loose(k) {
            k += 1;
            continue;
        }
        let mut end = k;
        while end + 1 < filled.len() && loose(end + 1) {
            end += 1;
        }
        let before_boilerplate = filled
            .get(end + 1)
            .and_then(|&j| tags[j].as_ref())
            .is_some_and(|t| t.kind == Kind::Boilerplate);
        if end - k + 1 >= 3 || before_boilerplate {
            for &j in &filled[k..=end] {
                if let Some(tag) = &mut tags[j] {
                    tag.kind = Kind::Boilerplate;
                    "short lines introducing no paragraph: links or a menu"
                        .clone_into(&mut tag.why);
                }
            }
        }
        k = end + 1;
    }
}

/// Lines with the same kind, in one stretch, make a part; a comment or an answer that starts
/// anew makes its own.
fn parts(tags: &[Option<Tag>]) -> Vec<Part> {
    let mut parts: Vec<Part> = Vec::new();
    let mut intertitles: Vec<Vec<usize>> = Vec::new();
    for (i, tag) in tags.iter().enumerate() {
        let Some(tag) = tag else { continue };
        let line = i + 1;
        match parts.last_mut() {
            Some(part) if part.kind == tag.kind && !tag.starts => part.last_line = line,
            _ => {
                parts.push(Part {
                    first_line: line,
                    last_line: line,
                    kind: tag.kind,
                    why: tag.why.clone(),
                });
                intertitles.push(Vec::new());
            }
        }
        if tag.shape == Shape::Intertitle {
            if let Some(list) = intertitles.last_mut() {
                list.push(line);
            }
        }
    }
    for (part, list) in parts.iter_mut().zip(intertitles) {
        if !list.is_empty() && part.kind == Kind::Body {
            let lines: Vec<String> = list.iter().map(ToString::to_string).collect();
            part.why = match lines.as_slice() {
                [one] => format!("{}, an intertitle at line {one}", part.why),
                many => format!("{}, intertitles at lines {}", part.why, many.join(", ")),
            };
        }
    }
    parts
}

/// Words that mark page furniture, and what follows from them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cue {
    /// "Lire aussi", "Sur le même sujet": links follow.
    Links,
    /// "Commentaires", "Réagir": comments follow.
    Comments,
    /// A comment form: "Leave a reply", "Votre adresse e-mail ne sera pas publiée".
    Form,
    /// A comment's button: "Répondre", "Signaler".
    Button,
    /// "Partager", "Facebook", a menu entry.
    Share,
    /// "Tous droits réservés", "©".
    Copyright,
    /// "Abonnez-vous", "Newsletter", "Suivez-nous", cookies.
    Subscribe,
    /// "Accueil > Afrique > Sahel".
    Navigation,
    /// A line of hashtags.
    Hashtags,
}

impl Cue {
    fn what(self) -> &'static str {
        match self {
            Self::Links => "a list of links",
            Self::Comments => "the comments' header",
            Self::Form => "a comment form",
            Self::Button => "a button",
            Self::Share => "share or menu buttons",
            Self::Copyright => "a copyright line",
            Self::Subscribe => "a subscription or follow line",
            Self::Navigation => "navigation",
            Self::Hashtags => "hashtags",
        }
    }
}

const LINKS: &[&str] = &[
    "lire aussi",
    "a lire aussi",
    "lire egalement",
    "a lire egalement",
    "voir aussi",
    "sur le meme sujet",
    "du meme sujet",
    "dans la meme rubrique",
    "articles similaires",
    "articles lies",
    "sur le meme theme",
    "les plus lus",
    "a decouvrir",
    "derniers articles",
    "nos derniers articles",
    "read also",
    "read more",
    "related",
];
const COMMENTS: &[&str] = &[
    "commentaire",
    "reponses",
    "comments",
    "comment",
    "reagir",
    "reagissez",
    "reaction",
    "laisser un commentaire",
    "laissez un commentaire",
    "ajouter un commentaire",
    "vos commentaires",
    "les commentaires",
    "donnez votre avis",
];
const FORM: &[&str] = &[
    "leave a reply",
    "please enter your",
    "leave the field below empty",
    "save my name",
    "laisser une reponse",
    "annuler la reponse",
    "ne sera pas publiee",
    "champs obligatoires",
];
const BUTTONS: &[&str] = &[
    "repondre",
    "signaler",
    "signaler un abus",
    "j'aime",
    "reply",
    "like",
    "voir les reponses",
    "utile",
];
const SHARE: &[&str] = &[
    "partager",
    "partagez",
    "partager cet article",
    "facebook",
    "twitter",
    "x",
    "whatsapp",
    "telegram",
    "linkedin",
    "email",
    "e-mail",
    "imprimer",
    "copier le lien",
    "envoyer",
    "menu",
    "accueil",
    "rechercher",
    "fermer",
    "publicite",
    "se connecter",
    "connexion",
    "retour en haut",
];
const COPYRIGHT: &[&str] = &[
    "tous droits reserves",
    "all rights reserved",
    "©",
    "copyright",
    "reproduction interdite",
];
const SUBSCRIBE: &[&str] = &[
    "abonnez-vous",
    "abonnez vous",
    "s'abonner",
    "newsletter",
    "inscrivez-vous",
    "suivez-nous",
    "suivez nous",
    "cookies",
    "mentions legales",
    "politique de confidentialite",
    "s'inscrire",
    "abonnes",
    "partagez-le",
    "partagez cet article",
];

/// The furniture cue a line carries, if any.
fn cue(line: &str) -> Option<Cue> {
    let plain = plain(line);
    let words = words(line);
    let letters: String = plain
        .chars()
        .filter(|c| !c.is_ascii_digit() && !matches!(c, ':' | '(' | ')' | '.'))
        .collect();
    let letters = letters.trim();
    let starts = |list: &[&str]| list.iter().any(|cue| letters.starts_with(cue));
    // `J’aime · Répondre`: buttons in a row.
    let is = |list: &[&str]| {
        letters
            .split(['·', '|'])
            .all(|part| list.contains(&part.trim()))
    };
    if line.split_whitespace().all(|w| w.starts_with('#')) {
        Some(Cue::Hashtags)
    } else if words <= 12
        && (line.contains(" > ") || line.contains(" › ") || line.matches(['|', '•']).count() >= 2)
    {
        Some(Cue::Navigation)
    } else if words <= 40 && COPYRIGHT.iter().any(|c| plain.contains(c)) {
        Some(Cue::Copyright)
    } else if words <= 40 && SUBSCRIBE.iter().any(|c| plain.contains(c)) {
        Some(Cue::Subscribe)
    } else if words <= 40 && FORM.iter().any(|c| plain.contains(c)) {
        Some(Cue::Form)
    } else if starts(LINKS) && (words <= 6 || plain.contains(':'))
        || words <= 3 && letters.ends_with("similaires")
    {
        Some(Cue::Links)
    } else if words <= 6 && starts(COMMENTS) {
        Some(Cue::Comments)
    } else if words <= 4 && is(BUTTONS) {
        Some(Cue::Button)
    } else if words <= 4 && is(SHARE) || words <= 8 && letters.starts_with("partager sur") {
        Some(Cue::Share)
    } else {
        None
    }
}

/// What opens a comment or an answer at line `i`: a name over a date, a name and a date, "X a
/// écrit :", or (in the comments) a number.
fn header(lines: &[&str], i: usize, in_comments: bool) -> Option<&'static str> {
    let line = lines[i];
    let plain = plain(line);
    let plain = plain.trim_end_matches([' ', ':']);
    if words(line) <= 8
        && ["a ecrit", "a dit", "dit", "wrote", "says", "said"]
            .iter()
            .any(|w| plain.ends_with(w))
    {
        return Some("“… a écrit :” or “… dit :”");
    }
    if in_comments && numbered(line) {
        return Some("a number");
    }
    let next = lines.get(i + 1).copied().unwrap_or("");
    if is_name(line) && is_date(next) && cue(next).is_none() {
        return Some("a name over a date");
    }
    // `Boubacar D. · il y a 3 heures`, `Issa Maïga, le 12 juillet 2024 à 19h12`.
    let name_and_date = [" · ", ", ", " - ", " – ", " le "].iter().any(|sep| {
        line.split_once(sep)
            .is_some_and(|(name, date)| is_name(name) && is_date(date))
    });
    if name_and_date {
        return Some("a name and a date");
    }
    // In the comments, a name alone over its text (`Ousmane T.`).
    let text_follows = !next.is_empty() && !is_name(next) && cue(next).is_none();
    if in_comments && is_name(line) && text_follows {
        return Some("a name");
    }
    None
}

/// `1. `, `2) `: a numbered comment.
fn numbered(line: &str) -> bool {
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    digits > 0
        && digits <= 3
        && matches!(line[digits..].chars().next(), Some('.' | ')'))
        && line[digits + 1..].starts_with(' ')
}

/// A heading line that reads like a menu entry: up to three words, no digit, no colon, no
/// sentence.
fn is_menu_item(line: &str) -> bool {
    words(line) <= 3
        && !line.contains(|c: char| c.is_ascii_digit() || c == ':')
        && !line.ends_with(['.', '!', '?', '…', ','])
}

/// A reader's name or handle: one to four words, each capitalised or a handle, no sentence.
fn is_name(line: &str) -> bool {
    let count = words(line);
    // A name may end with an initial (`Moussa K.`), not with a sentence's full stop.
    let initial = line
        .split_whitespace()
        .last()
        .is_some_and(|w| w.ends_with('.') && w.chars().count() <= 3);
    (1..=4).contains(&count)
        && !line.ends_with(['!', '?', ':', ',', ';'])
        && (!line.ends_with('.') || initial)
        && !line.starts_with(|c: char| c.is_ascii_digit())
        && !is_credit(line)
        && cue(line).is_none()
        && line.split_whitespace().all(|w| {
            w.chars().any(char::is_alphabetic) && w.chars().next().is_some_and(char::is_uppercase)
                || w.contains(['_', '@'])
                || w.chars().any(|c| c.is_ascii_digit())
        })
}

/// A short line holding a date or a time: a year, `il y a 3 heures`, `19:12`, `19h12`.
fn is_date(line: &str) -> bool {
    if words(line) > 8 || !line.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    let plain = plain(line);
    let year = line
        .split(|c: char| !c.is_ascii_digit())
        .any(|n| n.len() == 4 && (n.starts_with("19") || n.starts_with("20")));
    // `19:12`, `19h12`, `9 h 14 min`: digits on both sides of the mark.
    let time = line.split_whitespace().any(|w| {
        w.split_once([':', 'h']).is_some_and(|(a, b)| {
            !a.is_empty()
                && a.chars().all(|c| c.is_ascii_digit())
                && (b.is_empty() || b.chars().all(|c| c.is_ascii_digit()))
        })
    });
    year || plain.contains("il y a") || time
}

/// A credit or a source line of the text itself: it stays with the text.
fn is_credit(line: &str) -> bool {
    let plain = plain(line);
    ["source", "par ", "avec afp", "(afp", "afp", "avec reuters"]
        .iter()
        .any(|c| plain.starts_with(c))
}

/// A line of running text: a sentence of eight words or more.
fn is_paragraph(line: &str) -> bool {
    words(line) >= 8 && (ends_sentence(line) || line.contains(". "))
}

/// Whether the line ends a sentence (closing quotes and brackets aside).
fn ends_sentence(line: &str) -> bool {
    line.trim_end_matches(['»', '”', '"', ')', ']', ' ', '\u{a0}', '\u{202f}'])
        .ends_with(['.', '!', '?', '…'])
}

fn words(line: &str) -> usize {
    line.split_whitespace().count()
}

/// The first `n` words of a line, and `…` when there are more.
pub(crate) fn first_words(line: &str, n: usize) -> String {
    let mut words = line.split_whitespace();
    let head: Vec<&str> = words.by_ref().take(n).collect();
    let more = if words.next().is_some() { " …" } else { "" };
    format!("{}{more}", head.join(" "))
}

/// Lower case, without the accents French cues carry, with a straight apostrophe.
fn plain(line: &str) -> String {
    line.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'â' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' => 'i',
            'ô' | 'ö' => 'o',
            'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            '’' | 'ʼ' => '\'',
            c if c.is_whitespace() => ' ',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A part as these tests compare it: its first line, its last line and its kind.
    type PartLines = (usize, usize, &'static str);

    fn kinds(text: &str, qa: bool) -> Vec<PartLines> {
        propose(text, qa)
            .into_iter()
            .map(|p| (p.first_line, p.last_line, p.kind.name()))
            .collect()
    }

    const ARTICLE: &str = "Accueil > Afrique > Sahel
Niger : l’armée annonce une opération conjointe avec le Burkina

Par Awa Diallo
Publié le 3 mars 2024 à 10h00

Niamey (AFP) - L’armée nigérienne a annoncé lundi une opération conjointe avec le Burkina Faso contre les jihadistes.

Une alliance qui se resserre
Les deux pays ont quitté la Cedeao en janvier, selon un communiqué lu à la télévision.

Lire aussi
Mali : la junte prolonge la transition
Burkina : Traoré reçoit une délégation russe

Partager
Facebook

3 commentaires
Moussa K.
3 mars 2024 à 11h20
Bravo à nos armées, l’AES avance.
Répondre

Fati_22 a écrit :
Enfin une vraie coopération entre voisins.

© 2024 Exemple Média. Tous droits réservés.
";

    #[test]
    fn an_article_s_heading_body_links_comments_and_footer_are_told_apart() {
        assert_eq!(
            kinds(ARTICLE, false),
            [
                (1, 1, "Boilerplate"),
                (2, 5, "Heading"),
                (7, 10, "Body"),
                (12, 19, "Boilerplate"),
                (20, 23, "ReaderComment"),
                (25, 26, "ReaderComment"),
                (28, 28, "Boilerplate"),
            ]
        );
        let parts = propose(ARTICLE, false);
        assert_eq!(
            parts[2].why,
            "the first paragraph and what follows it, an intertitle at line 9"
        );
        assert_eq!(parts[3].why, "a list of links");
        assert_eq!(parts[4].why, "a reader's comment under a name over a date");
        assert_eq!(
            parts[5].why,
            "a reader's comment under “… a écrit :” or “… dit :”"
        );
        assert_eq!(parts[6].why, "a copyright line");
    }

    /// Pages and the parts proposed for them (first line, last line, kind), each named for
    /// what it shows; `true` where the page is read as questions and answers.
    const PAGES: &[(&str, bool, &str, &[PartLines])] = &[
        (
            "a question and its answers, each under a name and a date",
            true,
            "Qui sont les alliés du Mali ?

Awa Traoré
2025-06-12 08:00:33
Le Mali et la Russie sont alliés depuis 2021, selon plusieurs sources.

Jean Dupont
2025-06-01 17:05:30
Le Burkina Faso et le Niger forment avec le Mali l’Alliance des États du Sahel.
Lire aussi
- Quel est le premier partenaire du Mali ?
- Que voulait la France du Mali ?
",
            &[
                (1, 1, "Heading"),
                (3, 5, "Answer"),
                (7, 9, "Answer"),
                (10, 12, "Boilerplate"),
            ],
        ),
        (
            "short lines that introduce no paragraph are links, and intertitles stay in the body",
            false,
            "Titre de l’article

Premier paragraphe de l’article, qui dit ce qui s’est passé hier à Niamey.

Un intertitre
Deuxième paragraphe de l’article, qui donne le contexte de la crise au Sahel.
Source : Agence Exemple

LE JOURNAL
OPINIONS
DU MEME SUJET
Burkina Faso : Les salaires prélevés pour la guerre
Mali : une nouvelle constitution
",
            &[(1, 1, "Heading"), (3, 7, "Body"), (9, 13, "Boilerplate")],
        ),
        (
            "comments without names are one per block",
            false,
            "Titre

Un paragraphe de l’article avec assez de mots pour en être un.

Commentaires
Vive l’AES et vive la Russie !

La France doit partir du Sahel.
",
            &[
                (1, 1, "Heading"),
                (3, 3, "Body"),
                (5, 5, "Boilerplate"),
                (6, 6, "ReaderComment"),
                (8, 8, "ReaderComment"),
            ],
        ),
        (
            "numbered comments are one per number",
            false,
            "Titre

Un paragraphe de l’article avec assez de mots pour en être un.

3 COMMENTS
  1. Long live AES.
    Thank you Russia.

  2. Vive la Russie.

    Phagocytée par macron.
LEAVE A REPLY
Please enter your comment!
",
            &[
                (1, 1, "Heading"),
                (3, 3, "Body"),
                (5, 5, "Boilerplate"),
                (6, 7, "ReaderComment"),
                (9, 11, "ReaderComment"),
                (12, 13, "Boilerplate"),
            ],
        ),
        (
            "a question's text stays in its heading, and answers keep their buttons",
            true,
            "Forum Afrique › Sahel › Politique
Le Niger est-il devenu un allié de la Russie ?
Posée par Idrissa_K le 3 février 2024
Depuis le départ des soldats français, on entend que Niamey se tourne vers Moscou.

12 réponses

Mariam Sow
3 février 2024 à 10:45
Oui, le Niger a signé un accord de défense avec la Russie en janvier.
Utile (14) · Signaler

Questions similaires
Le Mali va-t-il quitter la Cedeao ?
",
            &[
                (1, 1, "Boilerplate"),
                (2, 4, "Heading"),
                (6, 6, "Boilerplate"),
                (8, 11, "Answer"),
                (13, 14, "Boilerplate"),
            ],
        ),
        // "partager" and "commentaires" inside sentences, a hashtag inside a sentence.
        (
            "words of an article that look like cues leave it alone",
            false,
            "Titre

Les deux armées vont partager leurs renseignements, selon les commentaires du ministre #Sahel.
Il a ajouté que la coopération avec Moscou était « exemplaire ».
",
            &[(1, 1, "Heading"), (3, 4, "Body")],
        ),
    ];

    #[test]
    fn each_page_is_cut_into_the_parts_its_lines_call_for() {
        for &(case, qa, text, expected) in PAGES {
            assert_eq!(kinds(text, qa), expected, "{case}");
        }
    }

    #[test]
    fn a_reading_time_is_no_reader_s_date_and_comments_open_under_names() {
        let text = "Tchad : N'Djamena met fin à sa coopération militaire avec Paris
Temps de lecture : 2 min

Le Tchad a annoncé jeudi mettre fin à l'accord de coopération en matière de défense signé avec Paris.

Réagissez à cet article
Ousmane T.
Enfin ! Le Tchad rejoint le camp de la souveraineté.
Répondre
Salif dit :
La Russie va s'installer à N'Djamena.
Boubacar D. · il y a 3 heures
Wagner ou Africa Corps, c’est la même chose.
";
        let parts = propose(text, false);
        let found: Vec<(usize, usize, &str, &str)> = parts
            .iter()
            .map(|p| (p.first_line, p.last_line, p.kind.name(), p.why.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (1, 2, "Heading", "short lines before the first paragraph"),
                (4, 4, "Body", "the first paragraph and what follows it"),
                (6, 6, "Boilerplate", "the comments' header"),
                (7, 9, "ReaderComment", "a reader's comment under a name"),
                (
                    10,
                    11,
                    "ReaderComment",
                    "a reader's comment under “… a écrit :” or “… dit :”"
                ),
                (
                    12,
                    13,
                    "ReaderComment",
                    "a reader's comment under a name and a date"
                ),
            ]
        );
    }
}
