//! Text templates and the http(s) URL check, shared by the query plan
//! (`$__interval`), the legend (`{{route}}`) and the trace links
//! (`${__value.raw}`). Depends on nothing else in the crate.
//!
//! Template rules ([`substitute`]):
//! - braced ([`Syntax::Braced`]): a reference is `${name}`;
//! - dollar ([`Syntax::Dollar`]): `${name}`, or `$name` where the name is the longest
//!   run of ASCII letters, digits and `_` after the `$`;
//! - mustache ([`Syntax::Mustache`]): `{{name}}`;
//! - a braced reference ends at the first `}` (`}}` for mustache) after its
//!   opening; the name is the text between, as written (callers trim it when
//!   they want to), and may be empty;
//! - the resolver's `Some(value)` replaces the whole reference, as is: callers
//!   encode values themselves;
//! - a reference the resolver does not know (`None`), and an opening with no
//!   end after it, stay as written: the opening's first character (`$` or `{`)
//!   is copied and reading goes on from the next character, so references
//!   inside it are still replaced;
//! - a `$` or `{` that opens nothing is text.
//!
//! Code spans ([`code_spans`]): text between a pair of backticks is code
//! (the doctor's findings quote flags, config keys and labels that way); the
//! backticks themselves are dropped; an unpaired backtick is text.
//!
//! Wrap points ([`wrap_parts`]): a long label value may break after a
//! separator (`/ . - _ , : ; & ? = @ |` and spaces), never inside a word; the
//! shell puts a `<wbr>` between the parts. At most [`MAX_WRAP_PARTS`] parts:
//! the rest of a longer text is one part (CSS breaks it anywhere).
//!
//! URL rule ([`is_http_url`]): an absolute `http://` or `https://` URL (scheme
//! in any case) with something after `//` that is not a path, and no control
//! or whitespace character anywhere (so no leading spaces).

/// Which references a template holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// `${name}` only (Grafana data-link templates).
    Braced,
    /// `$name` and `${name}` (Grafana query variables).
    Dollar,
    /// `{{name}}` (Prometheus legend format).
    Mustache,
}

/// `template` with every reference replaced by what `resolve` gives for its
/// name; see the module rules.
pub fn substitute<R: AsRef<str>>(template: &str, syntax: Syntax, mut resolve: impl FnMut(&str) -> Option<R>) -> String {
    let first = if syntax == Syntax::Mustache { '{' } else { '$' };
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find(first) {
        let (head, tail) = rest.split_at(start);
        out.push_str(head);
        // `first` is one byte long.
        let after = tail.get(1..).unwrap_or("");
        let resolved = reference(after, syntax).and_then(|(name, len)| Some((resolve(name)?, len)));
        match resolved {
            Some((value, len)) => {
                out.push_str(value.as_ref());
                rest = after.get(len..).unwrap_or("");
            }
            None => {
                out.push(first);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The name of the reference whose first character came just before
/// `after`, and how many bytes of `after` it takes.
fn reference(after: &str, syntax: Syntax) -> Option<(&str, usize)> {
    let braced = |close: &str| {
        let body = after.strip_prefix('{')?;
        let end = body.find(close)?;
        Some((body.get(..end)?, 1 + end + close.len()))
    };
    match syntax {
        Syntax::Braced => braced("}"),
        Syntax::Mustache => braced("}}"),
        Syntax::Dollar if after.starts_with('{') => braced("}"),
        Syntax::Dollar => {
            let len = after.bytes().take_while(|b| b.is_ascii_alphanumeric() || *b == b'_').count();
            (len > 0).then(|| (after.get(..len).unwrap_or(""), len))
        }
    }
}

/// True for an absolute `http:` or `https:` URL with a host part and no control characters.
pub fn is_http_url(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        url.get(8..)
    } else if lower.starts_with("http://") {
        url.get(7..)
    } else {
        None
    };
    rest.is_some_and(|r| !r.is_empty() && !r.starts_with('/') && !r.starts_with('\\'))
        && !url.chars().any(|c| c.is_control() || c.is_whitespace())
}

/// `text` cut at its backtick pairs: `(is_code, part)` in order, empty parts
/// left out (rules in the module docs). Shown as text, never as HTML.
pub fn code_spans(text: &str) -> Vec<(bool, &str)> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('`') {
        let Some(len) = rest.get(open + 1..).and_then(|after| after.find('`')) else { break };
        let (before, code) = (rest.get(..open).unwrap_or(""), rest.get(open + 1..open + 1 + len).unwrap_or(""));
        out.extend([(false, before), (true, code)].into_iter().filter(|(_, p)| !p.is_empty()));
        rest = rest.get(open + len + 2..).unwrap_or("");
    }
    if !rest.is_empty() {
        out.push((false, rest));
    }
    out
}

/// At most this many parts come out of [`wrap_parts`].
pub const MAX_WRAP_PARTS: usize = 64;

/// `text` cut after each separator (rules in the module docs); the parts
/// joined are `text`.
pub fn wrap_parts(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if parts.len() + 1 == MAX_WRAP_PARTS {
            break;
        }
        if matches!(c, '/' | '.' | '-' | '_' | ',' | ':' | ';' | '&' | '?' | '=' | '@' | '|' | ' ') {
            let end = i + c.len_utf8();
            if let Some(part) = text.get(start..end) {
                parts.push(part);
            }
            start = end;
        }
    }
    if let Some(rest) = text.get(start..).filter(|r| !r.is_empty()) {
        parts.push(rest);
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_values_wrap_after_separators_only() {
        assert_eq!(wrap_parts("/api/pay"), ["/", "api/", "pay"]);
        assert_eq!(wrap_parts("trace_id"), ["trace_", "id"]);
        assert_eq!(wrap_parts("4bf92f3577b34da6"), ["4bf92f3577b34da6"], "an id has no break");
        assert!(wrap_parts("").is_empty());
        let long = "a/".repeat(1000);
        let parts = wrap_parts(&long);
        assert_eq!(parts.len(), MAX_WRAP_PARTS);
        assert_eq!(parts.concat(), long, "nothing lost");
        assert_eq!(wrap_parts("é/ü").concat(), "é/ü");
    }

    /// Knows `a` (→ `1`) and `b_2` (→ `two`); anything else is unknown.
    fn known(name: &str) -> Option<&'static str> {
        match name {
            "a" => Some("1"),
            "b_2" => Some("two"),
            _ => None,
        }
    }

    fn sub(template: &str, syntax: Syntax) -> String {
        substitute(template, syntax, known)
    }

    #[test]
    fn braced_references() {
        assert_eq!(sub("x${a}y${b_2}", Syntax::Braced), "x1ytwo");
        assert_eq!(sub("$a ${ a } ${nope} ${a", Syntax::Braced), "$a ${ a } ${nope} ${a", "kept as written");
        assert_eq!(sub("$${a}", Syntax::Braced), "$1");
        assert_eq!(substitute("${}|${ x }", Syntax::Braced, |n| Some(format!("<{n}>"))), "<>|< x >");
    }

    #[test]
    fn dollar_references() {
        assert_eq!(sub("$a+${b_2}+$b_2x+$a-", Syntax::Dollar), "1+two+$b_2x+1-");
        assert_eq!(sub("$ $$a ${} ${a", Syntax::Dollar), "$ $1 ${} ${a");
        // What an unknown or unterminated reference encloses is still read.
        assert_eq!(sub("${x $a}", Syntax::Dollar), "${x 1}");
        assert_eq!(sub("${x $a", Syntax::Dollar), "${x 1");
    }

    #[test]
    fn mustache_references() {
        assert_eq!(sub("{{a}}-{{b_2}}", Syntax::Mustache), "1-two");
        assert_eq!(sub("{a} {{ a }} {{a", Syntax::Mustache), "{a} {{ a }} {{a");
        assert_eq!(substitute("{{{a}}|{{}}", Syntax::Mustache, |n| Some(format!("<{n}>"))), "<{a>|<>");
        assert_eq!(sub("{{{a}}", Syntax::Mustache), "{1", "an unknown `{{a` gives way to `{{a}}` one further");
    }

    #[test]
    fn values_are_inserted_as_is_and_text_passes_through() {
        assert_eq!(substitute("é${a}ü", Syntax::Braced, |_| Some("${a}")), "é${a}ü", "no second pass");
        assert_eq!(sub("", Syntax::Dollar), "");
        assert_eq!(sub("plain € text", Syntax::Mustache), "plain € text");
    }

    #[test]
    fn http_urls() {
        for ok in ["http://x", "https://x.example/a?b#c", "HTTPS://X", "http://user@host/"] {
            assert!(is_http_url(ok), "{ok}");
        }
        for bad in
            ["", "http://", "https:///p", "http:\\\\x", " http://x", "http://x y", "http://x\n", "ftp://x", "//x"]
        {
            assert!(!is_http_url(bad), "{bad:?}");
        }
    }

    #[test]
    fn code_spans_split_at_backtick_pairs() {
        assert_eq!(
            code_spans("carry `trace_id`; destination 1 expects `traceID`"),
            vec![(false, "carry "), (true, "trace_id"), (false, "; destination 1 expects "), (true, "traceID")]
        );
        assert_eq!(
            code_spans("`--enable-feature=exemplar-storage`"),
            vec![(true, "--enable-feature=exemplar-storage")]
        );
        assert_eq!(code_spans("no code"), vec![(false, "no code")]);
        assert_eq!(code_spans(""), Vec::<(bool, &str)>::new());
    }

    #[test]
    fn an_unpaired_backtick_is_text_and_multibyte_text_is_kept() {
        assert_eq!(code_spans("a `b` c ` d"), vec![(false, "a "), (true, "b"), (false, " c ` d")]);
        assert_eq!(code_spans("``x"), vec![(false, "x")]);
        assert_eq!(code_spans("µs `é` ✓"), vec![(false, "µs "), (true, "é"), (false, " ✓")]);
    }
}
