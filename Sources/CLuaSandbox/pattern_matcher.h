// pattern_matcher.h — the matcher shared by patterns.c's library functions (not seen by Swift).
#ifndef KOERS_PATTERN_MATCHER_H
#define KOERS_PATTERN_MATCHER_H

#include <stddef.h>
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

/// Reports accumulated steps to the budget (ks_pattern_charge), which may raise.
void pm_settle(Matcher *m);
/// Adds steps; reports them every KS_CHARGE_EVERY.
static inline void pm_charge(Matcher *m, lua_Integer n) {
  m->pending += n;
  if (m->pending >= KS_CHARGE_EVERY)
    pm_settle(m);
}
/// Raises a pattern error as luaL_error would, after reporting the steps.
int pm_error(Matcher *m, const char *fmt, ...);
void pm_init(Matcher *m, lua_State *L, const char *s, size_t ls, const char *p, size_t lp);
/// Every new start position is a fresh attempt: no captures, full depth.
static inline void pm_restart(Matcher *m) {
  m->ncap = 0;
  m->depth_left = KS_MAXDEPTH;
}
/// The end of the match of pattern p at subject position s, or NULL.
const char *pm_match(Matcher *m, const char *s, const char *p);
/// Pushes capture i (with no captures, capture 0 is the whole match s..e).
void pm_push_capture(Matcher *m, int i, const char *s, const char *e);
/// Pushes all captures (or the whole match when s != NULL and there are none); returns how many.
int pm_push_captures(Matcher *m, const char *s, const char *e);

#endif
