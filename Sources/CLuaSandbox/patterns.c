// patterns.c — string.find, match, gmatch and gsub on Koers' own matcher (pattern_matcher.c).
//
// Guarantees: results and error messages are stock Lua 5.4's (DifferentialTests compares
// thousands of generated pattern/subject pairs with lua5.4); any pattern, however pathological,
// stops when the instruction budget is spent, so no worst-case estimate refuses ordinary ones
// (SandboxEscapeTests).
#include <ctype.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <lua.h>
#include <lauxlib.h>
#include "pattern_matcher.h"

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
      pm_charge(m, (last - cur) / KS_BYTES_PER_STEP);
      return NULL;
    }
    pm_charge(m, 1 + (hit - cur + (ptrdiff_t)lp) / KS_BYTES_PER_STEP);
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
  pm_init(&m, L, s, ls, p, lp);
  if (find && (lua_toboolean(L, 4) || !has_magic(p, lp))) {
    const char *hit = plain_find(&m, s + init, ls - init, p, lp);
    pm_settle(&m);
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
      pm_restart(&m);
      e = pm_match(&m, at, p);
      if (e) {
        pm_settle(&m);
        if (find) {
          lua_pushinteger(L, (lua_Integer)(at - s) + 1);
          lua_pushinteger(L, (lua_Integer)(e - s));
          return pm_push_captures(&m, NULL, NULL) + 2;
        }
        return pm_push_captures(&m, at, e);
      }
    } while (at++ < m.subj_end && !anchored);
    pm_settle(&m);
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
  pm_init(&m, L, s, ls, p, lp);
  /* '^' is not an anchor here (it would stop the iteration); the matcher
   * then simply treats it as a literal character. */
  for (at = g->next; at <= ls; at++) {
    const char *e;
    pm_restart(&m);
    e = pm_match(&m, s + at, p);
    /* An empty match right where the previous match ended is skipped, so
     * that "a*" over "ab" yields "a" and then "" only after the 'b'. */
    if (e && (size_t)(e - s) != g->last_end) {
      g->next = g->last_end = (size_t)(e - s);
      pm_settle(&m);
      return pm_push_captures(&m, s + at, e);
    }
  }
  pm_settle(&m);
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
    pm_charge(m, m->cap[i].len / KS_BYTES_PER_STEP);
  } else {
    pm_push_capture(m, i, s, e);         /* whole match, position, or error */
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
  pm_charge(m, 1 + (lua_Integer)(tl / KS_BYTES_PER_STEP));
  while ((pct = memchr(t, '%', (size_t)(t_end - t))) != NULL) {
    int c;
    luaL_addlstring(b, t, (size_t)(pct - t));
    c = (pct + 1 < t_end) ? U(pct[1]) : 0;
    if (c == '%') {
      luaL_addchar(b, '%');
    } else if (c == '0') {
      luaL_addlstring(b, s, (size_t)(e - s));
      pm_charge(m, (e - s) / KS_BYTES_PER_STEP);
    } else if (isdigit(c)) {
      add_capture(m, b, c - '1', s, e);
    } else {
      pm_error(m, "invalid use of '%c' in replacement string", '%');
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
      n = pm_push_captures(m, s, e);
      lua_call(L, n, 1);
      break;
    }
    case LUA_TTABLE:
      pm_push_capture(m, 0, s, e);
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
    pm_error(m, "invalid replacement value (a %s)", luaL_typename(L, -1));
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
  pm_init(&m, L, s, ls, p, lp);
  anchored = (lp > 0 && *p == '^');
  if (anchored)
    p++;
  /* Unmatched text between [copied, at) is appended lazily, in one piece,
   * right before the next replacement or at the end. */
  while (n < max_n) {
    const char *e;
    pm_restart(&m);
    e = pm_match(&m, at, p);
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
  pm_settle(&m);
  lua_pushinteger(L, n);
  return 2;
}

