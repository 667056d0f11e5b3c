// pattern_matcher.c — the backtracking matcher behind string.find/match/gmatch/gsub.
//
// Guarantees: each step (one pattern item tried at one subject position) is billed through
// pm_charge, so a pathological pattern stops when the instruction budget is spent; errors are
// raised where stock Lua raises them, with its messages; no heap memory is held, so the budget's
// longjmp leaks nothing. Proved by DifferentialTests (patterns.lua) and SandboxEscapeTests.
/*
 * Lua 5.4 pattern matching (find/match/gmatch/gsub) with step accounting,
 * written from the Lua 5.4 reference manual (§6.4, §6.4.1).
 *
 * Design notes
 * ------------
 * The matcher is a classic backtracking interpreter that walks the pattern
 * text directly (there is no compilation step, so no heap is needed and a
 * longjmp out of the budget hook leaks nothing).  All state lives in a
 * Matcher on the C stack of the calling lua_CFunction; gmatch keeps its
 * cursor in a userdata owned by the iterator closure.
 *
 * Compatibility with stock Lua is observable in more than results:
 *  - errors about a malformed pattern are raised lazily, only when the
 *    matcher actually reaches the offending item;
 *  - "pattern too complex" depends on how deep the matcher recursed, so we
 *    recurse at exactly the constructs that need a continuation (captures
 *    and the quantifiers * + - ?) and loop for everything else;
 *  - quirks of sets such as "[%a-z]" or "[a-%%]" follow from scanning a set
 *    left to right, one element at a time, which is what we do.
 *
 * Step accounting: one step per pass through the matcher's main loop (one
 * pattern item tried at one subject position) and one per subject character
 * examined by a repetition, a %b scan or a lazy expansion.  Bulk byte work
 * (back-reference comparison, plain find, copying replacement text) is
 * charged at one step per 16 bytes, which is roughly its relative cost.
 */

#include <ctype.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <lua.h>
#include <lauxlib.h>
#include "pattern_matcher.h"

/* ------------------------------------------------------------------ */
/* Accounting and errors                                               */
/* ------------------------------------------------------------------ */

/* Report accumulated steps.  Zero `pending` first: if the host raises, the
 * matcher is abandoned anyway, and if it doesn't we must not recharge. */
void pm_settle(Matcher *m) {
  lua_Integer n = m->pending;
  if (n > 0) {
    m->pending = 0;
    ks_pattern_charge(m->L, n);
  }
}

/* Raise a pattern error exactly as luaL_error would, but settle the steps
 * first so that a script cannot hide work by ending it with an error. */
int pm_error(Matcher *m, const char *fmt, ...) {
  va_list ap;
  pm_settle(m);
  luaL_where(m->L, 1);
  va_start(ap, fmt);
  lua_pushvfstring(m->L, fmt, ap);
  va_end(ap);
  lua_concat(m->L, 2);
  return lua_error(m->L);
}

void pm_init(Matcher *m, lua_State *L, const char *s, size_t ls,
                         const char *p, size_t lp) {
  m->L = L;
  m->subj = s;
  m->subj_end = s + ls;
  m->pat_end = p + lp;
  m->pending = 0;
  m->ncap = 0;
  m->depth_left = KS_MAXDEPTH;
}


/* ------------------------------------------------------------------ */
/* Character classes                                                   */
/* ------------------------------------------------------------------ */

/* Does byte c belong to %cl?  Upper-case class letters are complements.
 * A letter that is not a class name stands for itself ("%q" is 'q' and
 * "%Q" is 'Q', no complement).  %z (the NUL byte) is no longer in the 5.4
 * manual, but the stock library still accepts it, so we do too.
 * Switching on both cases directly keeps tolower()/isupper() off the
 * per-character path. */
#define CLASS(lo, up, test) \
  case lo: return (test) != 0; \
  case up: return (test) == 0;
static int class_has(int c, int cl) {
  switch (cl) {
    CLASS('a', 'A', isalpha(c))
    CLASS('c', 'C', iscntrl(c))
    CLASS('d', 'D', isdigit(c))
    CLASS('g', 'G', isgraph(c))
    CLASS('l', 'L', islower(c))
    CLASS('p', 'P', ispunct(c))
    CLASS('s', 'S', isspace(c))
    CLASS('u', 'U', isupper(c))
    CLASS('w', 'W', isalnum(c))
    CLASS('x', 'X', isxdigit(c))
    CLASS('z', 'Z', c == 0)
    default: return cl == c;
  }
}
#undef CLASS

/* Set membership.  `p` points at '[', `close` at the matching ']'.  Elements
 * are read left to right: "%x" class, "a-z" range (only if something other
 * than the closing bracket follows the dash), or a literal byte. */
static int set_has(int c, const char *p, const char *close) {
  int want = 1;
  p++;
  if (*p == '^') {
    want = 0;
    p++;
  }
  for (; p < close; p++) {
    if (*p == '%') {
      p++;
      if (class_has(c, U(*p)))
        return want;
    } else if (p[1] == '-' && p + 2 < close) {
      if (U(p[0]) <= c && c <= U(p[2]))
        return want;
      p += 2;
    } else if (U(*p) == c) {
      return want;
    }
  }
  return !want;
}

/* End of the single-character class starting at p ("x", "%x", "[...]").
 * Raises the stock errors for a dangling '%' or an unclosed set. */
static const char *item_end(Matcher *m, const char *p) {
  const char *end = m->pat_end;
  switch (*p++) {
    case '%':
      if (p >= end)
        pm_error(m, "malformed pattern (ends with '%%')");
      return p + 1;
    case '[':
      if (p < end && *p == '^')
        p++;
      /* The first element is consumed before looking for ']', which is
       * what lets "[]]" and "[^]]" contain a literal ']'. */
      for (;;) {
        if (p >= end)
          pm_error(m, "malformed pattern (missing ']')");
        if (*p++ == '%' && p < end)
          p++;
        if (p < end && *p == ']')
          return p + 1;
      }
    default:
      return p;
  }
}

/* Does the class [p, ep) accept the subject byte at s? */
static inline int item_accepts(const Matcher *m, const char *s, const char *p,
                               const char *ep) {
  int c;
  if (s >= m->subj_end)
    return 0;
  c = U(*s);
  switch (*p) {
    case '.': return 1;
    case '%': return class_has(c, U(p[1]));
    case '[': return set_has(c, p, ep - 1);
    default:  return U(*p) == c;
  }
}

/* ------------------------------------------------------------------ */
/* The matcher                                                         */
/* ------------------------------------------------------------------ */

const char *pm_match(Matcher *m, const char *s, const char *p);

/* Greedy repetition: take as many as possible, then give back one at a
 * time until the rest of the pattern (after the quantifier) matches. */
static const char *match_greedy(Matcher *m, const char *s, const char *p,
                                const char *ep) {
  ptrdiff_t n = 0;
  while (item_accepts(m, s + n, p, ep))
    n++;
  pm_charge(m, n);
  for (; n >= 0; n--) {
    const char *r = pm_match(m, s + n, ep + 1);
    if (r)
      return r;
  }
  return NULL;
}

/* Lazy repetition: try the rest first, extend by one character on failure. */
static const char *match_lazy(Matcher *m, const char *s, const char *p,
                              const char *ep) {
  for (;;) {
    const char *r = pm_match(m, s, ep + 1);
    if (r)
      return r;
    pm_charge(m, 1);
    if (!item_accepts(m, s, p, ep))
      return NULL;
    s++;
  }
}

/* Open a capture at s and match the rest; undo the capture on failure so
 * that backtracking sees the capture list as it was. */
static const char *match_open(Matcher *m, const char *s, const char *p,
                              ptrdiff_t kind) {
  const char *r;
  if (m->ncap >= KS_MAXCAPTURES)
    pm_error(m, "too many captures");
  m->cap[m->ncap].at = s;
  m->cap[m->ncap].len = kind;
  m->ncap++;
  r = pm_match(m, s, p);
  if (!r)
    m->ncap--;
  return r;
}

/* ')' closes the innermost capture that is still open. */
static const char *match_close(Matcher *m, const char *s, const char *p) {
  const char *r;
  int i = m->ncap - 1;
  while (i >= 0 && m->cap[i].len != CAP_OPEN)
    i--;
  if (i < 0)
    pm_error(m, "invalid pattern capture");
  m->cap[i].len = s - m->cap[i].at;
  r = pm_match(m, s, p + 1);
  if (!r)
    m->cap[i].len = CAP_OPEN;
  return r;
}

/* %bxy at s: returns the end of the balanced run or NULL. */
static const char *match_balance(Matcher *m, const char *s, const char *p) {
  int open, close, depth = 1;
  const char *start = s;
  if (p + 3 >= m->pat_end)
    pm_error(m, "malformed pattern (missing arguments to '%%b')");
  open = U(p[2]);
  close = U(p[3]);
  if (s >= m->subj_end || U(*s) != open)
    return NULL;
  while (++s < m->subj_end) {
    int c = U(*s);
    if (c == close) {       /* checked first: "%bxx" closes on the next x */
      if (--depth == 0) {
        pm_charge(m, s - start);
        return s + 1;
      }
    } else if (c == open) {
      depth++;
    }
  }
  pm_charge(m, s - start);
  return NULL;
}

/* %1..%9 at s: the text of a closed capture must follow.  A position
 * capture has no text and never matches (stock behaves the same way). */
static const char *match_backref(Matcher *m, const char *s, int digit) {
  int i = digit - '1';
  ptrdiff_t len;
  if (i < 0 || i >= m->ncap || m->cap[i].len == CAP_OPEN)
    pm_error(m, "invalid capture index %%%d", i + 1);
  len = m->cap[i].len;
  if (len < 0 || m->subj_end - s < len)
    return NULL;
  pm_charge(m, len / KS_BYTES_PER_STEP);
  return memcmp(m->cap[i].at, s, (size_t)len) == 0 ? s + len : NULL;
}

/*
 * Match pattern [p, pat_end) at subject position s; return the end of the
 * match or NULL.  Items that need no continuation (single characters, %b,
 * %f, back-references, '$') advance in the loop; captures and quantifiers
 * recurse so that they can backtrack.
 */
const char *pm_match(Matcher *m, const char *s, const char *p) {
  const char *ep;
  if (m->depth_left-- == 0)
    pm_error(m, "pattern too complex");
  for (;;) {
    pm_charge(m, 1);
    if (p == m->pat_end)
      break;                          /* whole pattern matched */
    switch (*p) {
      case '(':
        if (p + 1 < m->pat_end && p[1] == ')')
          s = match_open(m, s, p + 2, CAP_POSITION);
        else
          s = match_open(m, s, p + 1, CAP_OPEN);
        goto out;
      case ')':
        s = match_close(m, s, p);
        goto out;
      case '$':
        if (p + 1 == m->pat_end) {    /* '$' anchors only at the very end */
          if (s != m->subj_end)
            s = NULL;
          goto out;
        }
        break;
      case '%':
        if (p + 1 >= m->pat_end)
          break;                      /* item_end reports the error */
        switch (p[1]) {
          case 'b':
            s = match_balance(m, s, p);
            if (!s)
              goto out;
            p += 4;
            continue;
          case 'f': {
            int before, after;
            p += 2;
            if (p >= m->pat_end || *p != '[')
              pm_error(m, "missing '[' after '%%f' in pattern");
            ep = item_end(m, p);
            /* the subject's edges count as '\0' on either side */
            before = (s == m->subj) ? 0 : U(s[-1]);
            after = (s < m->subj_end) ? U(*s) : 0;
            if (set_has(before, p, ep - 1) || !set_has(after, p, ep - 1)) {
              s = NULL;
              goto out;
            }
            p = ep;
            continue;
          }
          case '0': case '1': case '2': case '3': case '4':
          case '5': case '6': case '7': case '8': case '9':
            s = match_backref(m, s, U(p[1]));
            if (!s)
              goto out;
            p += 2;
            continue;
          default:
            break;
        }
        break;
      default:
        break;
    }
    /* A single-character class, possibly followed by a quantifier. */
    ep = item_end(m, p);
    {
      int q = (ep < m->pat_end) ? *ep : 0;
      if (!item_accepts(m, s, p, ep)) {
        if (q == '*' || q == '?' || q == '-') {
          p = ep + 1;                 /* zero repetitions are fine */
          continue;
        }
        s = NULL;
        goto out;
      }
      switch (q) {
        case '?': {
          const char *r = pm_match(m, s + 1, ep + 1);
          if (r) {
            s = r;
            goto out;
          }
          p = ep + 1;
          continue;
        }
        case '+': s = match_greedy(m, s + 1, p, ep); goto out;
        case '*': s = match_greedy(m, s, p, ep); goto out;
        case '-': s = match_lazy(m, s, p, ep); goto out;
        default:
          s++;
          p = ep;
          continue;
      }
    }
  }
out:
  m->depth_left++;
  return s;
}

/* ------------------------------------------------------------------ */
/* Captures as Lua values                                              */
/* ------------------------------------------------------------------ */

/* Push capture i; with no captures at all, capture 0 is the whole match. */
void pm_push_capture(Matcher *m, int i, const char *s, const char *e) {
  if (i >= m->ncap) {
    if (i != 0)
      pm_error(m, "invalid capture index %%%d", i + 1);
    lua_pushlstring(m->L, s, (size_t)(e - s));
  } else if (m->cap[i].len == CAP_OPEN) {
    pm_error(m, "unfinished capture");
  } else if (m->cap[i].len == CAP_POSITION) {
    lua_pushinteger(m->L, (lua_Integer)(m->cap[i].at - m->subj) + 1);
  } else {
    lua_pushlstring(m->L, m->cap[i].at, (size_t)m->cap[i].len);
  }
}

/* Push all captures (or the whole match when s != NULL and there are none).
 * Returns the number of values pushed. */
int pm_push_captures(Matcher *m, const char *s, const char *e) {
  int i, n = (m->ncap == 0 && s != NULL) ? 1 : m->ncap;
  luaL_checkstack(m->L, n, "too many captures");
  for (i = 0; i < n; i++)
    pm_push_capture(m, i, s, e);
  return n;
}

