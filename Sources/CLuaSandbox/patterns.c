// patterns.c — string.find, match, gmatch and gsub, with every step billed to the budget.
//
// Guarantees: results and error messages are stock Lua 5.4's (DifferentialTests compares
// thousands of generated pattern/subject pairs with lua5.4); any pattern, however pathological,
// stops when the instruction budget is spent, so no worst-case estimate refuses ordinary ones
// (SandboxEscapeTests). The matcher holds no heap memory, so the budget's longjmp leaks nothing.
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

#include "ks_internal.h"

#define KS_MAXCAPTURES   32   /* same limit as stock (LUA_MAXCAPTURES) */
#define KS_MAXDEPTH      200  /* nested matcher calls before "too complex" */
#define KS_CHARGE_EVERY  4096 /* batch size for ks_pattern_charge */
#define KS_BYTES_PER_STEP 16  /* bulk byte work that costs one step */

/* Capture lengths >= 0 are closed captures; these two mark the others. */
#define CAP_OPEN     (-1)
#define CAP_POSITION (-2)

#define U(c) ((unsigned char)(c))

typedef struct Matcher {
  lua_State *L;
  const char *subj;      /* subject start (for %f and position captures) */
  const char *subj_end;
  const char *pat_end;
  int depth_left;        /* recursion allowance for the current attempt */
  int ncap;              /* captures opened so far (closed or not) */
  lua_Integer pending;   /* steps not yet reported to the host */
  struct {
    const char *at;
    ptrdiff_t len;       /* >= 0, CAP_OPEN or CAP_POSITION */
  } cap[KS_MAXCAPTURES];
} Matcher;

/* ------------------------------------------------------------------ */
/* Accounting and errors                                               */
/* ------------------------------------------------------------------ */

/* Report accumulated steps.  Zero `pending` first: if the host raises, the
 * matcher is abandoned anyway, and if it doesn't we must not recharge. */
static void settle(Matcher *m) {
  lua_Integer n = m->pending;
  if (n > 0) {
    m->pending = 0;
    ks_pattern_charge(m->L, n);
  }
}

static inline void charge(Matcher *m, lua_Integer n) {
  m->pending += n;
  if (m->pending >= KS_CHARGE_EVERY)
    settle(m);
}

/* Raise a pattern error exactly as luaL_error would, but settle the steps
 * first so that a script cannot hide work by ending it with an error. */
static int pattern_error(Matcher *m, const char *fmt, ...) {
  va_list ap;
  settle(m);
  luaL_where(m->L, 1);
  va_start(ap, fmt);
  lua_pushvfstring(m->L, fmt, ap);
  va_end(ap);
  lua_concat(m->L, 2);
  return lua_error(m->L);
}

static void matcher_init(Matcher *m, lua_State *L, const char *s, size_t ls,
                         const char *p, size_t lp) {
  m->L = L;
  m->subj = s;
  m->subj_end = s + ls;
  m->pat_end = p + lp;
  m->pending = 0;
  m->ncap = 0;
  m->depth_left = KS_MAXDEPTH;
}

/* Every new start position is a fresh attempt: no captures, full depth. */
static inline void matcher_restart(Matcher *m) {
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
        pattern_error(m, "malformed pattern (ends with '%%')");
      return p + 1;
    case '[':
      if (p < end && *p == '^')
        p++;
      /* The first element is consumed before looking for ']', which is
       * what lets "[]]" and "[^]]" contain a literal ']'. */
      for (;;) {
        if (p >= end)
          pattern_error(m, "malformed pattern (missing ']')");
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

static const char *match(Matcher *m, const char *s, const char *p);

/* Greedy repetition: take as many as possible, then give back one at a
 * time until the rest of the pattern (after the quantifier) matches. */
static const char *match_greedy(Matcher *m, const char *s, const char *p,
                                const char *ep) {
  ptrdiff_t n = 0;
  while (item_accepts(m, s + n, p, ep))
    n++;
  charge(m, n);
  for (; n >= 0; n--) {
    const char *r = match(m, s + n, ep + 1);
    if (r)
      return r;
  }
  return NULL;
}

/* Lazy repetition: try the rest first, extend by one character on failure. */
static const char *match_lazy(Matcher *m, const char *s, const char *p,
                              const char *ep) {
  for (;;) {
    const char *r = match(m, s, ep + 1);
    if (r)
      return r;
    charge(m, 1);
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
    pattern_error(m, "too many captures");
  m->cap[m->ncap].at = s;
  m->cap[m->ncap].len = kind;
  m->ncap++;
  r = match(m, s, p);
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
    pattern_error(m, "invalid pattern capture");
  m->cap[i].len = s - m->cap[i].at;
  r = match(m, s, p + 1);
  if (!r)
    m->cap[i].len = CAP_OPEN;
  return r;
}

/* %bxy at s: returns the end of the balanced run or NULL. */
static const char *match_balance(Matcher *m, const char *s, const char *p) {
  int open, close, depth = 1;
  const char *start = s;
  if (p + 3 >= m->pat_end)
    pattern_error(m, "malformed pattern (missing arguments to '%%b')");
  open = U(p[2]);
  close = U(p[3]);
  if (s >= m->subj_end || U(*s) != open)
    return NULL;
  while (++s < m->subj_end) {
    int c = U(*s);
    if (c == close) {       /* checked first: "%bxx" closes on the next x */
      if (--depth == 0) {
        charge(m, s - start);
        return s + 1;
      }
    } else if (c == open) {
      depth++;
    }
  }
  charge(m, s - start);
  return NULL;
}

/* %1..%9 at s: the text of a closed capture must follow.  A position
 * capture has no text and never matches (stock behaves the same way). */
static const char *match_backref(Matcher *m, const char *s, int digit) {
  int i = digit - '1';
  ptrdiff_t len;
  if (i < 0 || i >= m->ncap || m->cap[i].len == CAP_OPEN)
    pattern_error(m, "invalid capture index %%%d", i + 1);
  len = m->cap[i].len;
  if (len < 0 || m->subj_end - s < len)
    return NULL;
  charge(m, len / KS_BYTES_PER_STEP);
  return memcmp(m->cap[i].at, s, (size_t)len) == 0 ? s + len : NULL;
}

/*
 * Match pattern [p, pat_end) at subject position s; return the end of the
 * match or NULL.  Items that need no continuation (single characters, %b,
 * %f, back-references, '$') advance in the loop; captures and quantifiers
 * recurse so that they can backtrack.
 */
static const char *match(Matcher *m, const char *s, const char *p) {
  const char *ep;
  if (m->depth_left-- == 0)
    pattern_error(m, "pattern too complex");
  for (;;) {
    charge(m, 1);
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
              pattern_error(m, "missing '[' after '%%f' in pattern");
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
          const char *r = match(m, s + 1, ep + 1);
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
static void push_capture(Matcher *m, int i, const char *s, const char *e) {
  if (i >= m->ncap) {
    if (i != 0)
      pattern_error(m, "invalid capture index %%%d", i + 1);
    lua_pushlstring(m->L, s, (size_t)(e - s));
  } else if (m->cap[i].len == CAP_OPEN) {
    pattern_error(m, "unfinished capture");
  } else if (m->cap[i].len == CAP_POSITION) {
    lua_pushinteger(m->L, (lua_Integer)(m->cap[i].at - m->subj) + 1);
  } else {
    lua_pushlstring(m->L, m->cap[i].at, (size_t)m->cap[i].len);
  }
}

/* Push all captures (or the whole match when s != NULL and there are none).
 * Returns the number of values pushed. */
static int push_captures(Matcher *m, const char *s, const char *e) {
  int i, n = (m->ncap == 0 && s != NULL) ? 1 : m->ncap;
  luaL_checkstack(m->L, n, "too many captures");
  for (i = 0; i < n; i++)
    push_capture(m, i, s, e);
  return n;
}

/* ------------------------------------------------------------------ */
/* find / match                                                        */
/* ------------------------------------------------------------------ */

/* 1-based start position from a possibly negative init (manual §6.4). */
static size_t start_position(lua_Integer pos, size_t len) {
  if (pos > 0)
    return (size_t)pos;
  if (pos == 0 || pos < -(lua_Integer)len)
    return 1;
  return len + (size_t)pos + 1;
}

/* find() treats a pattern without any of these bytes as plain text; this
 * is observable, since e.g. ")" is then not a malformed pattern. */
static int has_magic(const char *p, size_t lp) {
  size_t i;
  for (i = 0; i < lp; i++) {
    switch (p[i]) {
      case '^': case '$': case '*': case '+': case '?':
      case '.': case '(': case '[': case '%': case '-':
        return 1;
      default:
        break;
    }
  }
  return 0;
}

/* Plain substring search, charged by bytes skipped and candidates tried. */
static const char *plain_find(Matcher *m, const char *s, size_t ls,
                              const char *p, size_t lp) {
  const char *cur = s, *last;
  if (lp == 0)
    return s;
  if (lp > ls)
    return NULL;
  last = s + (ls - lp);
  while (cur <= last) {
    const char *hit = memchr(cur, U(*p), (size_t)(last - cur) + 1);
    if (!hit) {
      charge(m, (last - cur) / KS_BYTES_PER_STEP);
      return NULL;
    }
    charge(m, 1 + (hit - cur + (ptrdiff_t)lp) / KS_BYTES_PER_STEP);
    if (memcmp(hit + 1, p + 1, lp - 1) == 0)
      return hit;
    cur = hit + 1;
  }
  return NULL;
}

static int find_or_match(lua_State *L, int find) {
  size_t ls, lp, init;
  const char *s = luaL_checklstring(L, 1, &ls);
  const char *p = luaL_checklstring(L, 2, &lp);
  Matcher m;
  init = start_position(luaL_optinteger(L, 3, 1), ls) - 1;
  if (init > ls) {                    /* starts beyond the end: no match */
    luaL_pushfail(L);
    return 1;
  }
  matcher_init(&m, L, s, ls, p, lp);
  if (find && (lua_toboolean(L, 4) || !has_magic(p, lp))) {
    const char *hit = plain_find(&m, s + init, ls - init, p, lp);
    settle(&m);
    if (hit) {
      lua_pushinteger(L, (lua_Integer)(hit - s) + 1);
      lua_pushinteger(L, (lua_Integer)(hit - s) + (lua_Integer)lp);
      return 2;
    }
  } else {
    const char *at = s + init;
    int anchored = (lp > 0 && *p == '^');
    if (anchored)
      p++;
    do {
      const char *e;
      matcher_restart(&m);
      e = match(&m, at, p);
      if (e) {
        settle(&m);
        if (find) {
          lua_pushinteger(L, (lua_Integer)(at - s) + 1);
          lua_pushinteger(L, (lua_Integer)(e - s));
          return push_captures(&m, NULL, NULL) + 2;
        }
        return push_captures(&m, at, e);
      }
    } while (at++ < m.subj_end && !anchored);
    settle(&m);
  }
  luaL_pushfail(L);
  return 1;
}

int ks_str_find(lua_State *L) { return find_or_match(L, 1); }
int ks_str_match(lua_State *L) { return find_or_match(L, 0); }

/* ------------------------------------------------------------------ */
/* gmatch                                                              */
/* ------------------------------------------------------------------ */

/* Iterator state.  Offsets rather than pointers keep it meaningful no
 * matter which thread resumes the iterator. */
typedef struct GmatchState {
  size_t next;      /* where the next search starts */
  size_t last_end;  /* end of the previous match, or SIZE_MAX */
} GmatchState;

static int gmatch_step(lua_State *L) {
  size_t ls, lp, at;
  const char *s = lua_tolstring(L, lua_upvalueindex(1), &ls);
  const char *p = lua_tolstring(L, lua_upvalueindex(2), &lp);
  GmatchState *g = (GmatchState *)lua_touserdata(L, lua_upvalueindex(3));
  Matcher m;
  matcher_init(&m, L, s, ls, p, lp);
  /* '^' is not an anchor here (it would stop the iteration); the matcher
   * then simply treats it as a literal character. */
  for (at = g->next; at <= ls; at++) {
    const char *e;
    matcher_restart(&m);
    e = match(&m, s + at, p);
    /* An empty match right where the previous match ended is skipped, so
     * that "a*" over "ab" yields "a" and then "" only after the 'b'. */
    if (e && (size_t)(e - s) != g->last_end) {
      g->next = g->last_end = (size_t)(e - s);
      settle(&m);
      return push_captures(&m, s + at, e);
    }
  }
  settle(&m);
  return 0;
}

int ks_str_gmatch(lua_State *L) {
  size_t ls, init;
  GmatchState *g;
  luaL_checklstring(L, 1, &ls);
  luaL_checkstring(L, 2);
  init = start_position(luaL_optinteger(L, 3, 1), ls) - 1;
  if (init > ls)
    init = ls + 1;                    /* past the end: iterate nothing */
  lua_settop(L, 2);                   /* subject and pattern become upvalues */
  g = (GmatchState *)lua_newuserdatauv(L, sizeof(GmatchState), 0);
  g->next = init;
  g->last_end = SIZE_MAX;
  lua_pushcclosure(L, gmatch_step, 3);
  return 1;
}

/* ------------------------------------------------------------------ */
/* gsub                                                                */
/* ------------------------------------------------------------------ */

/* Append capture i (for "%1".."%9" in a replacement string). */
static void add_capture(Matcher *m, luaL_Buffer *b, int i, const char *s,
                        const char *e) {
  if (i < m->ncap && m->cap[i].len >= 0) {
    luaL_addlstring(b, m->cap[i].at, (size_t)m->cap[i].len);
    charge(m, m->cap[i].len / KS_BYTES_PER_STEP);
  } else {
    push_capture(m, i, s, e);         /* whole match, position, or error */
    luaL_addvalue(b);
  }
}

/* Expand a replacement string: "%0" whole match, "%1".."%9" captures,
 * "%%" a percent sign; any other use of '%' is an error. */
static void add_template(Matcher *m, luaL_Buffer *b, const char *s,
                         const char *e) {
  size_t tl;
  const char *t = lua_tolstring(m->L, 3, &tl);
  const char *t_end = t + tl, *pct;
  charge(m, 1 + (lua_Integer)(tl / KS_BYTES_PER_STEP));
  while ((pct = memchr(t, '%', (size_t)(t_end - t))) != NULL) {
    int c;
    luaL_addlstring(b, t, (size_t)(pct - t));
    c = (pct + 1 < t_end) ? U(pct[1]) : 0;
    if (c == '%') {
      luaL_addchar(b, '%');
    } else if (c == '0') {
      luaL_addlstring(b, s, (size_t)(e - s));
      charge(m, (e - s) / KS_BYTES_PER_STEP);
    } else if (isdigit(c)) {
      add_capture(m, b, c - '1', s, e);
    } else {
      pattern_error(m, "invalid use of '%c' in replacement string", '%');
    }
    t = pct + 2;
  }
  luaL_addlstring(b, t, (size_t)(t_end - t));
}

/* Append the replacement for match [s, e).  Returns whether the output
 * differs from the input (a false/nil replacement keeps the match). */
static int add_replacement(Matcher *m, luaL_Buffer *b, const char *s,
                           const char *e, int rtype) {
  lua_State *L = m->L;
  switch (rtype) {
    case LUA_TFUNCTION: {
      int n;
      lua_pushvalue(L, 3);
      n = push_captures(m, s, e);
      lua_call(L, n, 1);
      break;
    }
    case LUA_TTABLE:
      push_capture(m, 0, s, e);
      lua_gettable(L, 3);
      break;
    default:                          /* string or number */
      add_template(m, b, s, e);
      return 1;
  }
  if (!lua_toboolean(L, -1)) {
    lua_pop(L, 1);
    luaL_addlstring(b, s, (size_t)(e - s));
    return 0;
  }
  if (!lua_isstring(L, -1))
    pattern_error(m, "invalid replacement value (a %s)", luaL_typename(L, -1));
  luaL_addvalue(b);
  return 1;
}

int ks_str_gsub(lua_State *L) {
  size_t ls, lp;
  const char *s = luaL_checklstring(L, 1, &ls);
  const char *p = luaL_checklstring(L, 2, &lp);
  int rtype = lua_type(L, 3);
  lua_Integer max_n = luaL_optinteger(L, 4, (lua_Integer)ls + 1);
  const char *at = s, *copied = s, *last_end = NULL;
  lua_Integer n = 0;
  int anchored, changed = 0;
  luaL_Buffer b;
  Matcher m;
  luaL_argexpected(L, rtype == LUA_TNUMBER || rtype == LUA_TSTRING ||
                      rtype == LUA_TFUNCTION || rtype == LUA_TTABLE,
                   3, "string/function/table");
  luaL_buffinit(L, &b);
  matcher_init(&m, L, s, ls, p, lp);
  anchored = (lp > 0 && *p == '^');
  if (anchored)
    p++;
  /* Unmatched text between [copied, at) is appended lazily, in one piece,
   * right before the next replacement or at the end. */
  while (n < max_n) {
    const char *e;
    matcher_restart(&m);
    e = match(&m, at, p);
    if (e && e != last_end) {         /* no empty match where the last ended */
      n++;
      luaL_addlstring(&b, copied, (size_t)(at - copied));
      changed |= add_replacement(&m, &b, at, e, rtype);
      at = copied = last_end = e;
    } else if (at < m.subj_end) {
      at++;
    } else {
      break;
    }
    if (anchored)
      break;
  }
  if (!changed) {
    lua_pushvalue(L, 1);              /* nothing replaced: original string */
  } else {
    luaL_addlstring(&b, copied, (size_t)(m.subj_end - copied));
    luaL_pushresult(&b);
  }
  settle(&m);
  lua_pushinteger(L, n);
  return 2;
}
