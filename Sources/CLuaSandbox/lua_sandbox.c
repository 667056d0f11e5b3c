// lua_sandbox.c — Koers's Lua sandbox, in C so that no Lua error ever unwinds a Swift frame.
//
// Sandbox measures, and where each one lives in this file:
//   * libraries:  only base, table, string, math, utf8, coroutine (open_sandbox). Removed:
//                 dofile, loadfile, string.dump, math.randomseed; io, os, debug, package are
//                 never opened. `collectgarbage` answers "count" only; `print`/`warn` go to the
//                 host; `load` forces text mode and the caller's environment; `require` reads
//                 modules through a host reader that only knows the host's module folders.
//   * text only:  every load uses mode "t" (ks_load_text, sandbox_load, sandbox_require).
//   * budgets:    a count hook charges instructions and checks the deadline and the memory cap
//                 (budget_hook). Once a budget is spent the hook re-arms itself at every
//                 instruction, so pcall cannot swallow the error. C library functions whose work
//                 is not bounded by memory are metered: pattern functions are refused when their
//                 worst case is over the pattern-work limit (metered_pattern), and table.move /
//                 concat / insert / remove / unpack charge their element count (metered_table).
//                 table.sort is a stable, metered merge sort (sandbox_sort): Lua 5.4's own sort
//                 picks pivots from the clock, so its order for ties changes between runs.
//   * finalizers: Lua 5.4 runs __gc metamethods with hooks switched off, so no budget can hold
//                 inside one; setmetatable refuses a metatable with __gc (sandbox_setmetatable).
//   * memory:     a counting allocator (sandbox_alloc) with a soft cap (raised as an error with
//                 file:line at the next budget check) and a hard cap for single allocations.
//   * isolation:  every script gets its own copy of the globals and library tables
//                 (new_environment); the string metatable is locked. Values the host shares
//                 between scripts (ks_share) are read-only views: an empty table whose hidden
//                 light-userdata key holds the real table, with a locked metatable that reads
//                 through and refuses writes; next, rawget, rawset and rawlen see through them
//                 (read-only views, below).
#include "lua_sandbox.h"

#include <lauxlib.h>
#include <lualib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define KS_RANDOM_SEED 20240101
#define KS_MODULE_READER_KEY "koers.module_reader"
#define KS_MODULE_SOURCES_KEY "koers.module_sources"
#define KS_CHUNK_CACHE_KEY "koers.compiled_chunks"
#define KS_RANDOMSEED_KEY "koers.randomseed"

// ---------------------------------------------------------------------------------------------
// Accounting

int64_t ks_monotonic_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

const char *ks_lua_release(void) { return LUA_RELEASE; }

static ks_sandbox *sandbox_of(lua_State *L) {
    void *ud = NULL;
    lua_getallocf(L, &ud);
    return (ks_sandbox *)ud;
}

static void *sandbox_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
    ks_sandbox *sb = (ks_sandbox *)ud;
    size_t old = ptr ? osize : 0;  // with ptr == NULL, osize is a type tag
    if (nsize == 0) {
        free(ptr);
        sb->memory_used -= old;
        return NULL;
    }
    if (nsize > old && sb->memory_hard_limit > 0 && !sb->host_allocating
        && sb->memory_used + (nsize - old) > sb->memory_base + sb->memory_hard_limit) {
        sb->limit_hit = KS_LIMIT_MEMORY;
        return NULL;  // Lua collects garbage and retries once, then raises LUA_ERRMEM
    }
    void *block = realloc(ptr, nsize);
    if (block == NULL) {
        if (nsize <= old) return ptr;  // Lua assumes shrinking never fails: keep the old block
        return NULL;
    }
    sb->memory_used = sb->memory_used - old + nsize;
    if (sb->memory_used > sb->memory_peak) sb->memory_peak = sb->memory_used;
    return block;
}

static int panic_handler(lua_State *L) {
    // Only reached if a raising call was made outside protection: a bug in this file.
    const char *message = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "(no message)";
    fprintf(stderr, "koers: internal error: unprotected Lua error: %s\n", message);
    return 0;  // Lua aborts
}

static void warning_sink(void *ud, const char *message, int tocont) {
    ks_sandbox *sb = (ks_sandbox *)ud;
    (void)tocont;
    if (sb->output) sb->output(sb->output_context, 1, message, strlen(message));
}

lua_State *ks_newstate(ks_sandbox *sandbox) {
    if (sandbox->memory_limit > 0 && sandbox->memory_hard_limit == 0)
        sandbox->memory_hard_limit = sandbox->memory_limit + sandbox->memory_limit / 8;
    if (sandbox->hook_period <= 0) sandbox->hook_period = 1000;
    lua_State *L = lua_newstate(sandbox_alloc, sandbox);
    if (L == NULL) return NULL;
    lua_atpanic(L, panic_handler);
    lua_setwarnf(L, warning_sink, sandbox);
    return L;
}

/// Which budget is spent, if any. May run a full collection before blaming memory.
static int spent_budget(lua_State *L, ks_sandbox *sb) {
    if (sb->instruction_limit > 0 && sb->instructions_used > sb->instruction_limit) return KS_LIMIT_INSTRUCTIONS;
    if (sb->deadline_ns > 0 && ks_monotonic_ns() > sb->deadline_ns) return KS_LIMIT_TIME;
    if (sb->memory_limit > 0 && sb->memory_used > sb->memory_base + sb->memory_limit) {
        lua_gc(L, LUA_GCCOLLECT, 0);
        if (sb->memory_used > sb->memory_base + sb->memory_limit) return KS_LIMIT_MEMORY;
    }
    return KS_LIMIT_NONE;
}

static void budget_hook(lua_State *L, lua_Debug *ar);

/// Raises the error for a spent budget. `level` 0 blames the running function (from the hook),
/// 1 blames the caller of a metered C function.
static int raise_spent_budget(lua_State *L, ks_sandbox *sb, int which, int level) {
    sb->limit_hit = which;
    lua_sethook(L, budget_hook, LUA_MASKCOUNT, 1);  // every further instruction fails too
    lua_rawgeti(L, LUA_REGISTRYINDEX, LUA_RIDX_MAINTHREAD);
    lua_State *main_thread = lua_tothread(L, -1);
    lua_pop(L, 1);
    if (main_thread != L) lua_sethook(main_thread, budget_hook, LUA_MASKCOUNT, 1);
    luaL_where(L, level);
    switch (which) {
    case KS_LIMIT_INSTRUCTIONS:
        lua_pushfstring(L, "instruction budget exhausted (%I instructions)", (lua_Integer)sb->instruction_limit);
        break;
    case KS_LIMIT_TIME:
        lua_pushfstring(L, "time limit exceeded (%d ms)", (int)(sb->time_limit_ns / 1000000));
        break;
    default:
        lua_pushfstring(L, "memory cap exceeded (%d MiB)", (int)(sb->memory_limit >> 20));
        break;
    }
    lua_concat(L, 2);
    return lua_error(L);
}

static void budget_hook(lua_State *L, lua_Debug *ar) {
    (void)ar;
    ks_sandbox *sb = sandbox_of(L);
    int count = lua_gethookcount(L);
    sb->instructions_used += count;
    int which = spent_budget(L, sb);
    if (which != KS_LIMIT_NONE) raise_spent_budget(L, sb, which, 0);
    if (count != sb->hook_period) lua_sethook(L, budget_hook, LUA_MASKCOUNT, sb->hook_period);
}

void ks_begin_call(lua_State *L, ks_sandbox *sb) {
    // What the state already holds (the values given to the script, compiled chunks) is the
    // host's; the caps count what the call itself adds.
    sb->memory_base = sb->memory_used;
    sb->instructions_used = 0;
    sb->limit_hit = KS_LIMIT_NONE;
    sb->deadline_ns = sb->time_limit_ns > 0 ? ks_monotonic_ns() + sb->time_limit_ns : 0;
    lua_sethook(L, budget_hook, LUA_MASKCOUNT, sb->hook_period);
}

/// Charges work done inside a C function to the instruction budget, and checks the others.
static void charge(lua_State *L, double steps) {
    ks_sandbox *sb = sandbox_of(L);
    if (steps > 9e18) steps = 9e18;
    sb->instructions_used += (int64_t)steps;
    int which = spent_budget(L, sb);
    if (which != KS_LIMIT_NONE) raise_spent_budget(L, sb, which, 1);
}

// ---------------------------------------------------------------------------------------------
// Base library replacements

/// Calls upvalue 1 (the library function a wrapper stands in for) with the wrapper's arguments,
/// and returns all its results.
static int call_original(lua_State *L) {
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
}

static int sandbox_print(lua_State *L) {
    int n = lua_gettop(L);
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    for (int i = 1; i <= n; i++) {
        if (i > 1) luaL_addchar(&b, '\t');
        luaL_tolstring(L, i, NULL);
        luaL_addvalue(&b);
    }
    luaL_pushresult(&b);
    size_t length;
    const char *text = lua_tolstring(L, -1, &length);
    ks_sandbox *sb = sandbox_of(L);
    if (sb->output) sb->output(sb->output_context, 0, text, length);
    return 0;
}

static int sandbox_warn(lua_State *L) {
    int n = lua_gettop(L);
    luaL_checkstring(L, 1);
    for (int i = 2; i <= n; i++) luaL_checkstring(L, i);
    const char *first = lua_tostring(L, 1);
    if (n == 1 && first[0] == '@') return 0;  // control messages ("@on", "@off") are not needed
    lua_concat(L, n);
    size_t length;
    const char *text = lua_tolstring(L, -1, &length);
    ks_sandbox *sb = sandbox_of(L);
    if (sb->output) sb->output(sb->output_context, 1, text, length);
    return 0;
}

static int sandbox_collectgarbage(lua_State *L) {
    const char *option = luaL_optstring(L, 1, "collect");
    if (strcmp(option, "count") != 0)
        return luaL_error(L, "collectgarbage(\"%s\") is not available in the Koers sandbox; "
                             "only collectgarbage(\"count\") is", option);
    int kb = lua_gc(L, LUA_GCCOUNT, 0), bytes = lua_gc(L, LUA_GCCOUNTB, 0);
    lua_pushnumber(L, (lua_Number)kb + ((lua_Number)bytes / 1024));
    return 1;
}

static int sandbox_setmetatable(lua_State *L) {
    if (lua_type(L, 2) == LUA_TTABLE) {
        lua_pushliteral(L, "__gc");
        int has_gc = lua_rawget(L, 2) != LUA_TNIL;
        lua_pop(L, 1);
        if (has_gc)
            return luaL_error(L, "setmetatable: __gc metamethods are not allowed in the Koers sandbox "
                                 "(Lua runs finalizers outside the instruction budget); "
                                 "use a <close> variable to release things explicitly");
    }
    if (lua_type(L, 1) == LUA_TTABLE && luaL_getmetafield(L, 1, "__metatable") != LUA_TNIL)  // said here, so the error has the script's line
        return luaL_error(L, "cannot change a protected metatable (Koers' read-only tables have one)");
    return call_original(L);  // the original setmetatable
}

#define LOAD_RESERVED_SLOT 5

static const char *function_reader(lua_State *L, void *ud, size_t *size) {
    (void)ud;
    luaL_checkstack(L, 2, "too many nested functions");
    charge(L, 1);
    lua_pushvalue(L, 1);
    lua_call(L, 0, 1);
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        *size = 0;
        return NULL;
    }
    if (lua_type(L, -1) != LUA_TSTRING) luaL_error(L, "load: the reader function must return a string");
    lua_replace(L, LOAD_RESERVED_SLOT);
    return lua_tolstring(L, LOAD_RESERVED_SLOT, size);
}

/// load(chunk [, chunkname [, mode [, env]]]) with text mode forced; upvalue 1 is the caller's
/// environment, used when no env is given (the standard load would use the shared globals).
static int sandbox_load(lua_State *L) {
    const char *mode = luaL_optstring(L, 3, "t");
    int has_env = !lua_isnone(L, 4);
    if (strchr(mode, 't') == NULL) {
        luaL_pushfail(L);
        lua_pushliteral(L, "load: binary chunks are not allowed in the Koers sandbox (use Lua source text)");
        return 2;
    }
    int status;
    size_t length;
    if (lua_type(L, 1) == LUA_TSTRING) {
        const char *source = lua_tolstring(L, 1, &length);
        const char *chunkname = luaL_optstring(L, 2, source);
        status = luaL_loadbufferx(L, source, length, chunkname, "t");
    } else {
        const char *chunkname = luaL_optstring(L, 2, "=(load)");
        luaL_checktype(L, 1, LUA_TFUNCTION);
        lua_settop(L, LOAD_RESERVED_SLOT);
        status = lua_load(L, function_reader, NULL, chunkname, "t");
    }
    if (status != LUA_OK) {
        luaL_pushfail(L);
        lua_insert(L, -2);
        return 2;
    }
    if (has_env) lua_pushvalue(L, 4);
    else lua_pushvalue(L, lua_upvalueindex(1));
    if (!lua_setupvalue(L, -2, 1)) lua_pop(L, 1);
    return 1;
}

static int valid_module_name(const char *name) {
    int at_segment_start = 1;
    if (*name == '\0') return 0;
    for (const char *c = name; *c; c++) {
        int letter = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || *c == '_';
        int digit = *c >= '0' && *c <= '9';
        if (*c == '.') {
            if (at_segment_start) return 0;
            at_segment_start = 1;
        } else if (letter || (digit && !at_segment_start)) {
            at_segment_start = 0;
        } else {
            return 0;
        }
    }
    return !at_segment_start;
}

/// require(name); upvalue 1: the caller's environment, upvalue 2: that environment's module cache.
static void push_cached_chunk(lua_State *L, int source_index, const char *chunkname);

static int sandbox_require(lua_State *L) {
    const char *name = luaL_checkstring(L, 1);
    lua_settop(L, 1);
    if (!valid_module_name(name))
        return luaL_error(L, "require: '%s' is not a module name; use names such as 'helpers' or "
                             "'lib.dates' (no paths, no '..')", name);
    if (lua_getfield(L, lua_upvalueindex(2), name) != LUA_TNIL) {  // 2
        if (lua_islightuserdata(L, -1))
            return luaL_error(L, "require: module '%s' requires itself (a loop)", name);
        return 1;
    }
    lua_pop(L, 1);
    // Every script runs in a fresh environment and requires its modules again: the source is
    // asked of the host once per sandbox and kept here, so a later require neither copies the
    // text into Lua again nor compares it byte by byte with the cached chunk's.
    if (lua_getfield(L, LUA_REGISTRYINDEX, KS_MODULE_SOURCES_KEY) != LUA_TTABLE) {  // 2
        lua_pop(L, 1);
        lua_newtable(L);
        lua_pushvalue(L, -1);
        lua_setfield(L, LUA_REGISTRYINDEX, KS_MODULE_SOURCES_KEY);
    }
    if (lua_getfield(L, 2, name) == LUA_TTABLE) {  // 3: { source, chunkname }
        lua_rawgeti(L, 3, 1);
        lua_rawgeti(L, 3, 2);
        lua_remove(L, 3);
        lua_remove(L, 2);  // name, source, chunkname
    } else {
        lua_settop(L, 2);
        if (lua_getfield(L, LUA_REGISTRYINDEX, KS_MODULE_READER_KEY) != LUA_TFUNCTION)
            return luaL_error(L, "require: no module folders are configured, so '%s' cannot be loaded", name);
        lua_pushvalue(L, 1);
        lua_call(L, 1, 2);  // name, sources, source, chunkname | nil, message
        if (lua_type(L, 3) != LUA_TSTRING) return luaL_error(L, "%s", luaL_optstring(L, 4, "require: module not found"));
        luaL_checkstring(L, 4);
        lua_createtable(L, 2, 0);
        lua_pushvalue(L, 3);
        lua_rawseti(L, -2, 1);
        lua_pushvalue(L, 4);
        lua_rawseti(L, -2, 2);
        lua_setfield(L, 2, name);
        lua_remove(L, 2);  // name, source, chunkname
    }
    const char *chunkname = luaL_checkstring(L, 3);
    push_cached_chunk(L, 2, chunkname);  // 4
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_setupvalue(L, 4, 1);
    lua_pushlightuserdata(L, (void *)&valid_module_name);  // "loading" marker
    lua_setfield(L, lua_upvalueindex(2), name);
    lua_pushvalue(L, 1);
    int status = lua_pcall(L, 1, 1, 0);
    if (status != LUA_OK) {
        lua_pushnil(L);
        lua_setfield(L, lua_upvalueindex(2), name);
        return lua_error(L);
    }
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        lua_pushboolean(L, 1);
    }
    lua_pushvalue(L, -1);
    lua_setfield(L, lua_upvalueindex(2), name);
    return 1;
}

// ---------------------------------------------------------------------------------------------
// Metered string patterns. Lua's matcher backtracks: its worst case grows with the subject
// length to the power of the number of repetition items, and no hook runs inside it. Each call
// is priced at its worst case before it runs, and refused above the pattern-work limit.

static size_t skip_set(const char *p, size_t length, size_t i) {
    i++;  // '['
    if (i < length && p[i] == '^') i++;
    do {
        if (i >= length) return length;
        i += (p[i] == '%') ? 2 : 1;
    } while (i < length && p[i] != ']');
    return i + 1;
}

static double pattern_worst_case(const char *p, size_t length, size_t subject_length, int plain) {
    double n = (double)subject_length + 1;
    if (plain) return n * ((double)length + 1);
    size_t i = 0;
    int anchored = length > 0 && p[0] == '^';
    if (anchored) i = 1;
    double factor = 1, items = 0;
    while (i < length) {
        char c = p[i];
        if (c == '(' || c == ')') { i++; continue; }
        if (c == '$' && i + 1 == length) { i++; continue; }
        if (c == '%' && i + 1 < length) {
            char d = p[i + 1];
            if (d == 'b') { factor *= n; items++; i += 4; continue; }
            if (d == 'f') { i = skip_set(p, length, i + 2); continue; }
            if (d >= '0' && d <= '9') { factor *= n; items++; i += 2; continue; }
            i += 2;
        } else if (c == '[') {
            i = skip_set(p, length, i);
        } else {
            i++;
        }
        items++;
        if (i < length) {
            char q = p[i];
            if (q == '*' || q == '+' || q == '-') { factor *= n; i++; }
            else if (q == '?') { factor *= 2; i++; }
        }
        if (factor > 1e300) factor = 1e300;
    }
    return (anchored ? 1 : n) * factor * (items + 1);
}

/// Upvalue 1: the original function; upvalue 2: its name (for messages).
static int metered_pattern(lua_State *L) {
    size_t subject_length, pattern_length;
    luaL_checklstring(L, 1, &subject_length);
    const char *pattern = luaL_checklstring(L, 2, &pattern_length);
    const char *name = lua_tostring(L, lua_upvalueindex(2));
    int plain = strcmp(name, "find") == 0 && lua_toboolean(L, 4);
    double cost = pattern_worst_case(pattern, pattern_length, subject_length, plain);
    ks_sandbox *sb = sandbox_of(L);
    charge(L, 1);
    if (sb->pattern_work_limit > 0 && cost > sb->pattern_work_limit) {
        char message[160];
        snprintf(message, sizeof message, "could take up to %.1e steps, over the pattern-work limit of %.1e",
                 cost, sb->pattern_work_limit);
        return luaL_error(L, "string.%s: the pattern '%s' on a text of %d bytes %s; use fewer repetitions "
                             "(*, +, -) in the pattern, anchor it with '^', or split the text first",
                          name, pattern, (int)subject_length, message);
    }
    return call_original(L);
}

// ---------------------------------------------------------------------------------------------
// Metered table functions: their loops run metamethods (which may be C functions) or walk
// ranges given by the script, so the element count is charged before the original runs.

static lua_Integer length_of(lua_State *L, int index) {
    if (lua_getmetatable(L, index)) {  // __len may run: the original will call it again
        lua_pop(L, 1);
        return luaL_len(L, index);
    }
    return (lua_Integer)lua_rawlen(L, index);
}

static double span(lua_Integer from, lua_Integer to) {
    return to >= from ? (double)to - (double)from + 1 : 0;
}

/// Upvalue 1: the original function; upvalue 2: its name.
static int metered_table(lua_State *L) {
    const char *name = lua_tostring(L, lua_upvalueindex(2));
    double work = 1;
    if (strcmp(name, "move") == 0) {
        work += span(luaL_checkinteger(L, 2), luaL_checkinteger(L, 3));
    } else if (strcmp(name, "concat") == 0 || strcmp(name, "unpack") == 0) {
        lua_Integer first = luaL_optinteger(L, strcmp(name, "concat") == 0 ? 3 : 2, 1);
        int last_index = strcmp(name, "concat") == 0 ? 4 : 3;
        lua_Integer last = lua_isnoneornil(L, last_index) ? length_of(L, 1) : luaL_checkinteger(L, last_index);
        work += span(first, last);
    } else {  // insert, remove
        luaL_checktype(L, 1, LUA_TTABLE);
        work += (double)length_of(L, 1);
    }
    charge(L, work);
    return call_original(L);
}

/// a < b for the values at absolute indices a and b, with the comparator at index 2 if any.
static int sort_less(lua_State *L, int a, int b, int has_comparator) {
    if (!has_comparator) return lua_compare(L, a, b, LUA_OPLT);
    lua_pushvalue(L, 2);
    lua_pushvalue(L, a);
    lua_pushvalue(L, b);
    lua_call(L, 2, 1);
    int less = lua_toboolean(L, -1);
    lua_pop(L, 1);
    return less;
}

/// table.sort(list [, comp]): a stable bottom-up merge sort. Deterministic (equal elements keep
/// their order) and metered; same results as Lua's sort for any strict order.
static int sandbox_sort(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    int has_comparator = !lua_isnoneornil(L, 2);
    if (has_comparator) luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_settop(L, 2);
    lua_Integer n = length_of(L, 1);
    if (n < 2) return 0;
    luaL_argcheck(L, n < INT32_MAX, 1, "array too big");
    charge(L, (double)n * (log2((double)n) + 1));
    lua_createtable(L, (int)n, 0);  // 3: source
    lua_createtable(L, (int)n, 0);  // 4: target
    for (lua_Integer i = 1; i <= n; i++) {
        lua_geti(L, 1, i);
        lua_rawseti(L, 3, i);
    }
    int source = 3, target = 4;
    luaL_checkstack(L, 6, "table.sort");
    for (lua_Integer width = 1; width < n; width *= 2) {
        for (lua_Integer low = 1; low <= n; low += 2 * width) {
            lua_Integer mid = low + width, high = low + 2 * width;
            if (mid > n + 1) mid = n + 1;
            if (high > n + 1) high = n + 1;
            lua_Integer i = low, j = mid, k = low;
            while (i < mid && j < high) {
                lua_rawgeti(L, source, i);
                lua_rawgeti(L, source, j);
                int top = lua_gettop(L);
                if (sort_less(L, top, top - 1, has_comparator)) {  // right < left: take right
                    lua_rawseti(L, target, k++);
                    lua_pop(L, 1);
                    j++;
                } else {
                    lua_pop(L, 1);
                    lua_rawseti(L, target, k++);
                    i++;
                }
            }
            for (; i < mid; i++) { lua_rawgeti(L, source, i); lua_rawseti(L, target, k++); }
            for (; j < high; j++) { lua_rawgeti(L, source, j); lua_rawseti(L, target, k++); }
        }
        int swap = source; source = target; target = swap;
    }
    for (lua_Integer i = 1; i <= n; i++) {
        lua_rawgeti(L, source, i);
        lua_seti(L, 1, i);
    }
    return 0;
}

// ---------------------------------------------------------------------------------------------
// After a budget is spent no script code may run again in this call. Lua 5.4 switches hooks off
// while a hook runs and does not switch them back on when the hook raises, until the error
// reaches a pcall. Code that Lua runs in between is therefore unmetered: the xpcall message
// handler, and the __close handlers that coroutine.close and coroutine.wrap run on a coroutine
// that failed. These wrappers skip that code once a budget is spent.

/// Upvalue 1: the script's message handler.
static int guarded_message_handler(lua_State *L) {
    if (sandbox_of(L)->limit_hit != KS_LIMIT_NONE) return 1;  // pass the error on untouched
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}

/// xpcall(f, msgh, ...); upvalue 1: the original xpcall.
static int sandbox_xpcall(lua_State *L) {
    luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_pushvalue(L, 2);
    lua_pushcclosure(L, guarded_message_handler, 1);
    lua_replace(L, 2);
    return call_original(L);
}

static void refuse_after_spent_budget(lua_State *L) {
    ks_sandbox *sb = sandbox_of(L);
    if (sb->limit_hit != KS_LIMIT_NONE && spent_budget(L, sb) != KS_LIMIT_NONE)
        raise_spent_budget(L, sb, sb->limit_hit, 1);
}

/// coroutine.close(co); upvalue 1: the original.
static int sandbox_coroutine_close(lua_State *L) {
    refuse_after_spent_budget(L);
    return call_original(L);
}

/// The function coroutine.wrap returns; upvalues: the coroutine, coroutine.resume, coroutine.close.
static int wrapped_coroutine_call(lua_State *L) {
    int nargs = lua_gettop(L);
    lua_pushvalue(L, lua_upvalueindex(2));
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_rotate(L, 1, 2);  // resume, co, args...
    lua_call(L, nargs + 1, LUA_MULTRET);
    if (lua_toboolean(L, 1)) return lua_gettop(L) - 1;  // the results after `true`
    lua_settop(L, 2);  // false, error
    refuse_after_spent_budget(L);
    lua_State *co = lua_tothread(L, lua_upvalueindex(1));
    int status = lua_status(co);
    if (status != LUA_OK && status != LUA_YIELD) {  // failed inside: close its pending variables
        lua_pushvalue(L, lua_upvalueindex(3));
        lua_pushvalue(L, lua_upvalueindex(1));
        lua_call(L, 1, 2);  // false, error of the close (or of the coroutine)
        lua_replace(L, 2);
        lua_settop(L, 2);
    }
    if (lua_type(L, 2) == LUA_TSTRING) {
        luaL_where(L, 1);
        lua_insert(L, 2);
        lua_concat(L, 2);
    }
    return lua_error(L);
}

/// coroutine.wrap(f); upvalues: coroutine.create, coroutine.resume, coroutine.close (originals).
static int sandbox_coroutine_wrap(lua_State *L) {
    luaL_checktype(L, 1, LUA_TFUNCTION);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_pushvalue(L, 1);
    lua_call(L, 1, 1);
    lua_pushvalue(L, lua_upvalueindex(2));
    lua_pushvalue(L, lua_upvalueindex(3));
    lua_pushcclosure(L, wrapped_coroutine_call, 3);
    return 1;
}

// ---------------------------------------------------------------------------------------------
// Read-only views. A host that gives the same large value to many scripts builds it once and
// gives each script a view: an empty table V with V[&readonly_key] = the real table T and the
// shared metatable below. Scripts cannot make a light userdata, so they can never index that key;
// every way to reach T's contents goes through a function here that reads T and never writes it.
// Why not one metatable per table with __index = T (Lua's fast path): the metatable's __index
// field would hand T itself to any script that reads V.__index.

static int protected_call(lua_State *L, lua_CFunction f, int nargs, int nresults);

static const char readonly_key = 0;       // V[&readonly_key] = T
static const char readonly_meta_key = 0;  // registry[&readonly_meta_key] = the views' metatable

const void *ks_readonly_key(void) { return &readonly_key; }

/// Pushes the real table of the view at `index` and returns 1, or pushes nothing and returns 0.
static int push_real(lua_State *L, int index) {
    if (lua_type(L, index) != LUA_TTABLE) return 0;
    if (lua_rawgetp(L, index, &readonly_key) == LUA_TTABLE) return 1;
    lua_pop(L, 1);
    return 0;
}

static int readonly_index(lua_State *L) {  // (V, key)
    lua_rawgetp(L, 1, &readonly_key);
    lua_pushvalue(L, 2);
    lua_rawget(L, -2);
    return 1;
}

/// Pushes "chunk:line: " of the innermost Lua function on the call stack: a write may come
/// through a C function (table.insert, table.sort), and the author needs their own line.
static void push_script_position(lua_State *L) {
    lua_Debug ar;
    for (int level = 1; lua_getstack(L, level, &ar); level++) {
        if (lua_getinfo(L, "Sl", &ar) && ar.currentline > 0) {
            lua_pushfstring(L, "%s:%d: ", ar.short_src, ar.currentline);
            return;
        }
    }
    lua_pushliteral(L, "");
}

static int refuse_write(lua_State *L, int key_index) {
    push_script_position(L);
    if (lua_type(L, key_index) == LUA_TSTRING)
        lua_pushfstring(L, "cannot change field '%s': Koers gives scripts this table read-only; "
                           "copy what you need into a table of your own", lua_tostring(L, key_index));
    else if (lua_isinteger(L, key_index))
        lua_pushfstring(L, "cannot change item %I: Koers gives scripts this list read-only; "
                           "copy what you need into a table of your own", (LUAI_UACINT)lua_tointeger(L, key_index));
    else
        lua_pushliteral(L, "cannot change this table: Koers gives scripts it read-only; "
                           "copy what you need into a table of your own");
    lua_concat(L, 2);
    return lua_error(L);
}

static int readonly_newindex(lua_State *L) { return refuse_write(L, 2); }  // (V, key, value)

static int readonly_len(lua_State *L) {  // (V)
    lua_rawgetp(L, 1, &readonly_key);
    lua_pushinteger(L, (lua_Integer)lua_rawlen(L, -1));
    return 1;
}

/// next(t [, key]) that walks the real table of a view.
static int sandbox_next(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 2);
    int table = push_real(L, 1) ? 3 : 1;
    lua_pushvalue(L, 2);
    if (lua_next(L, table)) return 2;
    lua_pushnil(L);
    return 1;
}

static int readonly_ipairs_step(lua_State *L) {  // (V, i): reads T directly, without a metamethod call per item
    lua_Integer i = luaL_checkinteger(L, 2);
    lua_settop(L, 2);
    i = luaL_intop(+, i, 1);
    lua_pushinteger(L, i);
    luaL_argexpected(L, push_real(L, 1), 1, "read-only table");  // a script may call the step function itself
    return lua_rawgeti(L, -1, i) == LUA_TNIL ? 1 : (lua_remove(L, -2), 2);
}

/// ipairs(t): for a view, a step function that reads its real table; otherwise Lua's own.
/// Upvalue 1: the original ipairs.
static int sandbox_ipairs(lua_State *L) {
    luaL_checkany(L, 1);
    if (push_real(L, 1)) {
        lua_pop(L, 1);
        lua_pushcfunction(L, readonly_ipairs_step);
        lua_pushvalue(L, 1);
        lua_pushinteger(L, 0);
        return 3;
    }
    return call_original(L);
}

static int readonly_pairs(lua_State *L) {  // (V): next over T, with V (not T) as the loop's state
    lua_pushcfunction(L, sandbox_next);
    lua_pushvalue(L, 1);
    lua_pushnil(L);
    return 3;
}

static int sandbox_rawget(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_checkany(L, 2);
    lua_settop(L, 2);
    int table = push_real(L, 1) ? 3 : 1;
    lua_pushvalue(L, 2);
    lua_rawget(L, table);
    return 1;
}

static int sandbox_rawset(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_checkany(L, 2);
    luaL_checkany(L, 3);
    lua_settop(L, 3);
    if (push_real(L, 1)) return refuse_write(L, 2);
    lua_rawset(L, 1);
    return 1;
}

static int sandbox_rawlen(lua_State *L) {
    int type = lua_type(L, 1);
    luaL_argexpected(L, type == LUA_TTABLE || type == LUA_TSTRING, 1, "table or string");
    int index = push_real(L, 1) ? 2 : 1;
    lua_pushinteger(L, (lua_Integer)lua_rawlen(L, index));
    return 1;
}

static void make_readonly_metatable(lua_State *L) {
    static const luaL_Reg methods[] = {
        {"__index", readonly_index}, {"__newindex", readonly_newindex}, {"__len", readonly_len},
        {"__pairs", readonly_pairs}, {NULL, NULL}};
    luaL_newlib(L, methods);
    lua_pushliteral(L, "read-only");  // what getmetatable answers; setmetatable then refuses
    lua_setfield(L, -2, "__metatable");
    lua_rawsetp(L, LUA_REGISTRYINDEX, &readonly_meta_key);
}

/// Replaces the table on top with a read-only view of it, and every table inside it that is not
/// a view yet with a view of its own. Raises on memory errors.
static void freeze_top(lua_State *L) {
    int real = lua_gettop(L);
    if (push_real(L, real)) { lua_pop(L, 1); return; }  // already a view
    luaL_checkstack(L, 8, "value nested too deeply");
    lua_pushnil(L);
    while (lua_next(L, real)) {  // key at -2, value at -1
        if (lua_type(L, -1) == LUA_TTABLE) {
            freeze_top(L);
            lua_pushvalue(L, -2);
            lua_insert(L, -2);
            lua_rawset(L, real);  // replacing an existing field is allowed while traversing
        } else {
            lua_pop(L, 1);
        }
    }
    lua_createtable(L, 0, 1);
    lua_pushvalue(L, real);
    lua_rawsetp(L, -2, &readonly_key);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &readonly_meta_key);
    lua_setmetatable(L, -2);
    lua_replace(L, real);
}

static int do_share(lua_State *L) {  // (value, &reference)
    int *reference = (int *)lua_touserdata(L, 2);
    lua_settop(L, 1);
    if (lua_type(L, 1) == LUA_TTABLE) freeze_top(L);
    *reference = luaL_ref(L, LUA_REGISTRYINDEX);
    return 0;
}

int ks_share(lua_State *L, int *reference) {
    lua_pushlightuserdata(L, reference);
    return protected_call(L, do_share, 2, 0);
}

void ks_pause_collector(lua_State *L, int paused) { lua_gc(L, paused ? LUA_GCSTOP : LUA_GCRESTART); }

static int do_unshare(lua_State *L) {
    luaL_unref(L, LUA_REGISTRYINDEX, (int)lua_tointeger(L, 1));
    return 0;
}

void ks_unshare(lua_State *L, int reference) {
    lua_pushinteger(L, reference);
    if (protected_call(L, do_unshare, 1, 0) != LUA_OK) lua_pop(L, 1);  // then the slot stays taken
}

// ---------------------------------------------------------------------------------------------
// Opening the sandbox

/// library[name] = wrapper, a closure with upvalue 1 = the original function, 2 = its name.
static void wrap_field(lua_State *L, int library, const char *name, lua_CFunction wrapper) {
    lua_getfield(L, library, name);
    lua_pushstring(L, name);
    lua_pushcclosure(L, wrapper, 2);
    lua_setfield(L, library, name);
}

static int open_sandbox(lua_State *L) {
    static const luaL_Reg libraries[] = {
        {LUA_GNAME, luaopen_base}, {LUA_TABLIBNAME, luaopen_table}, {LUA_STRLIBNAME, luaopen_string},
        {LUA_MATHLIBNAME, luaopen_math}, {LUA_UTF8LIBNAME, luaopen_utf8}, {LUA_COLIBNAME, luaopen_coroutine},
        {NULL, NULL}};
    for (const luaL_Reg *lib = libraries; lib->func; lib++) {
        luaL_requiref(L, lib->name, lib->func, 1);
        lua_pop(L, 1);
    }
    lua_pushglobaltable(L);
    int globals = lua_gettop(L);
    lua_pushnil(L); lua_setfield(L, globals, "dofile");
    lua_pushnil(L); lua_setfield(L, globals, "loadfile");
    lua_pushcfunction(L, sandbox_print); lua_setfield(L, globals, "print");
    lua_pushcfunction(L, sandbox_warn); lua_setfield(L, globals, "warn");
    lua_pushcfunction(L, sandbox_collectgarbage); lua_setfield(L, globals, "collectgarbage");
    wrap_field(L, globals, "setmetatable", sandbox_setmetatable);
    wrap_field(L, globals, "xpcall", sandbox_xpcall);
    lua_pushcfunction(L, sandbox_next); lua_setfield(L, globals, "next");
    wrap_field(L, globals, "ipairs", sandbox_ipairs);
    lua_pushcfunction(L, sandbox_rawget); lua_setfield(L, globals, "rawget");
    lua_pushcfunction(L, sandbox_rawset); lua_setfield(L, globals, "rawset");
    lua_pushcfunction(L, sandbox_rawlen); lua_setfield(L, globals, "rawlen");
    make_readonly_metatable(L);
    lua_pushvalue(L, globals);  // per-environment closures replace this in new_environment
    lua_pushcclosure(L, sandbox_load, 1);
    lua_setfield(L, globals, "load");

    lua_getfield(L, globals, LUA_STRLIBNAME);
    int string = lua_gettop(L);
    lua_pushnil(L); lua_setfield(L, string, "dump");
    wrap_field(L, string, "find", metered_pattern);
    wrap_field(L, string, "match", metered_pattern);
    wrap_field(L, string, "gmatch", metered_pattern);
    wrap_field(L, string, "gsub", metered_pattern);
    // Lock the string metatable: its __index is this canonical table, which no script sees.
    lua_pushliteral(L, "");
    lua_getmetatable(L, -1);
    lua_pushliteral(L, "locked");
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 3);

    lua_getfield(L, globals, LUA_TABLIBNAME);
    int table = lua_gettop(L);
    wrap_field(L, table, "move", metered_table);
    wrap_field(L, table, "concat", metered_table);
    wrap_field(L, table, "unpack", metered_table);
    wrap_field(L, table, "insert", metered_table);
    wrap_field(L, table, "remove", metered_table);
    lua_pushcfunction(L, sandbox_sort); lua_setfield(L, table, "sort");
    lua_pop(L, 1);

    lua_getfield(L, globals, LUA_COLIBNAME);
    int coroutine = lua_gettop(L);
    lua_getfield(L, coroutine, "create");
    lua_getfield(L, coroutine, "resume");
    lua_getfield(L, coroutine, "close");
    lua_pushcclosure(L, sandbox_coroutine_wrap, 3);
    lua_setfield(L, coroutine, "wrap");
    wrap_field(L, coroutine, "close", sandbox_coroutine_close);
    lua_pop(L, 1);

    lua_getfield(L, globals, LUA_MATHLIBNAME);
    lua_getfield(L, -1, "randomseed");
    lua_setfield(L, LUA_REGISTRYINDEX, KS_RANDOMSEED_KEY);
    lua_pushnil(L); lua_setfield(L, -2, "randomseed");
    lua_pop(L, 2);
    return 0;
}

/// Pushes a protected call of f with the nargs values on top as its arguments.
static int protected_call(lua_State *L, lua_CFunction f, int nargs, int nresults) {
    lua_pushcfunction(L, f);
    lua_rotate(L, -(nargs + 1), 1);
    return lua_pcall(L, nargs, nresults, 0);
}

int ks_open_sandbox(lua_State *L) { return protected_call(L, open_sandbox, 0, 0); }

static int new_environment(lua_State *L) {
    lua_newtable(L);
    int env = lua_gettop(L);
    lua_pushglobaltable(L);
    int globals = env + 1;
    lua_pushnil(L);
    while (lua_next(L, globals) != 0) {  // key at -2, value at -1
        if (lua_type(L, -1) == LUA_TTABLE && !lua_rawequal(L, -1, globals)) {
            lua_newtable(L);  // shallow copy of a library table
            int copy = lua_gettop(L);
            lua_pushnil(L);
            while (lua_next(L, copy - 1) != 0) {
                lua_pushvalue(L, -2);
                lua_insert(L, -2);
                lua_rawset(L, copy);
            }
            lua_remove(L, copy - 1);
        }
        lua_pushvalue(L, -2);
        lua_insert(L, -2);
        lua_rawset(L, env);
    }
    lua_pop(L, 1);
    lua_pushvalue(L, env); lua_setfield(L, env, "_G");
    lua_pushvalue(L, env);
    lua_pushcclosure(L, sandbox_load, 1);
    lua_setfield(L, env, "load");
    lua_pushvalue(L, env);
    lua_newtable(L);
    lua_pushcclosure(L, sandbox_require, 2);
    lua_setfield(L, env, "require");
    // Every script starts from the same random sequence.
    lua_getfield(L, LUA_REGISTRYINDEX, KS_RANDOMSEED_KEY);
    lua_pushinteger(L, KS_RANDOM_SEED);
    lua_call(L, 1, 0);
    return 1;
}

int ks_new_environment(lua_State *L) { return protected_call(L, new_environment, 0, 1); }

void ks_collect(lua_State *L) { lua_gc(L, LUA_GCCOLLECT, 0); }


/// Pushes the registry table of compiled chunks (chunkname -> { source, function }), making it
/// on first use. Raises on memory errors: call it inside a protected call.
static void push_chunk_cache(lua_State *L) {
    if (lua_getfield(L, LUA_REGISTRYINDEX, KS_CHUNK_CACHE_KEY) != LUA_TTABLE) {
        lua_pop(L, 1);
        lua_newtable(L);
        lua_pushvalue(L, -1);
        lua_setfield(L, LUA_REGISTRYINDEX, KS_CHUNK_CACHE_KEY);
    }
}

/// Pushes the compiled function for chunkname/source from the cache, compiling it on a miss.
/// Reusing the function is safe because only one script runs in a state at a time and each run
/// sets the function's _ENV before calling it; nothing of an earlier run outlives it.
static void push_cached_chunk(lua_State *L, int source_index, const char *chunkname) {
    source_index = lua_absindex(L, source_index);
    push_chunk_cache(L);
    int cache = lua_gettop(L);
    if (lua_getfield(L, cache, chunkname) == LUA_TTABLE) {  // { source, function }
        lua_rawgeti(L, -1, 1);
        int same = lua_rawequal(L, -1, source_index);
        lua_pop(L, 1);
        if (same) {
            lua_rawgeti(L, -1, 2);
            lua_replace(L, cache);
            lua_settop(L, cache);
            return;
        }
    }
    lua_pop(L, 1);
    size_t length;
    const char *source = lua_tolstring(L, source_index, &length);
    if (luaL_loadbufferx(L, source, length, chunkname, "t") != LUA_OK) lua_error(L);
    lua_createtable(L, 2, 0);
    lua_pushvalue(L, source_index);
    lua_rawseti(L, -2, 1);
    lua_pushvalue(L, -2);
    lua_rawseti(L, -2, 2);
    lua_setfield(L, cache, chunkname);
    lua_replace(L, cache);
}

/// (buffer, length, chunkname as light userdata) -> the cached function, or nil and the source string.
static int cached_chunk_lookup(lua_State *L) {
    const char *source = (const char *)lua_touserdata(L, 1);
    size_t length = (size_t)lua_tointeger(L, 2);
    const char *chunkname = (const char *)lua_touserdata(L, 3);
    lua_settop(L, 0);
    lua_pushlstring(L, source, length);  // 1
    if (lua_getfield(L, LUA_REGISTRYINDEX, KS_CHUNK_CACHE_KEY) == LUA_TTABLE
        && lua_getfield(L, 2, chunkname) == LUA_TTABLE) {  // { source, function }
        lua_rawgeti(L, 3, 1);
        if (lua_rawequal(L, -1, 1)) {
            lua_rawgeti(L, 3, 2);
            return 1;
        }
    }
    lua_pushnil(L);
    lua_pushvalue(L, 1);
    return 2;
}

/// (function, source string, chunkname as light userdata): remembers the compiled function.
static int cached_chunk_store(lua_State *L) {
    const char *chunkname = (const char *)lua_touserdata(L, 3);
    push_chunk_cache(L);
    lua_createtable(L, 2, 0);
    lua_pushvalue(L, 2);
    lua_rawseti(L, -2, 1);
    lua_pushvalue(L, 1);
    lua_rawseti(L, -2, 2);
    lua_setfield(L, -2, chunkname);
    return 0;
}

int ks_load_text_cached(lua_State *L, const char *buffer, size_t length, const char *chunkname, int env_index) {
    env_index = lua_absindex(L, env_index);
    if (!lua_checkstack(L, 8)) return LUA_ERRMEM;
    lua_pushcfunction(L, cached_chunk_lookup);
    lua_pushlightuserdata(L, (void *)buffer);
    lua_pushinteger(L, (lua_Integer)length);
    lua_pushlightuserdata(L, (void *)chunkname);
    int status = lua_pcall(L, 3, 2, 0);
    if (status != LUA_OK) return status;
    if (lua_isnil(L, -2)) {  // nil, source: compile (a syntax error keeps its own status) and remember
        int source = lua_gettop(L);
        status = luaL_loadbufferx(L, buffer, length, chunkname, "t");
        if (status != LUA_OK) {
            lua_replace(L, source - 1);
            lua_settop(L, source - 1);
            return status;
        }
        lua_pushcfunction(L, cached_chunk_store);
        lua_pushvalue(L, -2);
        lua_pushvalue(L, source);
        lua_pushlightuserdata(L, (void *)chunkname);
        status = lua_pcall(L, 3, 0, 0);
        if (status != LUA_OK) {
            lua_replace(L, source - 1);
            lua_settop(L, source - 1);
            return status;
        }
        lua_replace(L, source - 1);  // the function where nil was
        lua_settop(L, source - 1);
    } else {
        lua_pop(L, 1);  // the lookup's second result
    }
    lua_pushvalue(L, env_index);
    if (!lua_setupvalue(L, -2, 1)) lua_pop(L, 1);
    return LUA_OK;
}

int ks_load_text(lua_State *L, const char *buffer, size_t length, const char *chunkname, int env_index) {
    env_index = lua_absindex(L, env_index);
    int status = luaL_loadbufferx(L, buffer, length, chunkname, "t");
    if (status != LUA_OK) return status;
    lua_pushvalue(L, env_index);
    if (!lua_setupvalue(L, -2, 1)) lua_pop(L, 1);
    return LUA_OK;
}

/// Message handler: adds a traceback. Never runs a metamethod of the error value.
static int message_handler(lua_State *L) {
    const char *message;
    if (lua_type(L, 1) == LUA_TSTRING) message = lua_tostring(L, 1);
    else if (lua_type(L, 1) == LUA_TNUMBER) message = lua_tostring(L, 1);
    else message = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
    luaL_traceback(L, L, message, 1);
    return 1;
}

int ks_pcall(lua_State *L, int nargs, int nresults) {
    int base = lua_gettop(L) - nargs;  // the function's index
    lua_pushcfunction(L, message_handler);
    lua_insert(L, base);
    int status = lua_pcall(L, nargs, nresults, base);
    lua_remove(L, base);
    return status;
}

static int do_pushstring(lua_State *L) {
    const char *s = (const char *)lua_touserdata(L, 1);
    size_t length = (size_t)lua_tointeger(L, 2);
    lua_pushlstring(L, s, length);
    return 1;
}

int ks_pushstring(lua_State *L, const char *s, size_t length) {
    lua_pushlightuserdata(L, (void *)s);
    lua_pushinteger(L, (lua_Integer)length);
    return protected_call(L, do_pushstring, 2, 1);
}

static int do_setfield(lua_State *L) {  // table, key (light userdata: C string), value
    lua_pushstring(L, (const char *)lua_touserdata(L, 2));
    lua_pushvalue(L, 3);
    lua_rawset(L, 1);
    return 0;
}

int ks_setfield(lua_State *L, int table_index, const char *key) {
    table_index = lua_absindex(L, table_index);
    lua_pushvalue(L, table_index);
    lua_pushlightuserdata(L, (void *)key);
    lua_rotate(L, -3, 2);  // value, table, key -> table, key, value
    return protected_call(L, do_setfield, 3, 0);
}

// ---------------------------------------------------------------------------------------------
// Host functions

typedef struct host_function { ks_swift_fn fn; void *context; } host_function;

static int trampoline(lua_State *L) {
    host_function *h = (host_function *)lua_touserdata(L, lua_upvalueindex(1));
    int results = h->fn(L, h->context);  // the Swift frame returns before anything is raised
    if (results < 0) return lua_error(L);
    return results;
}

static int do_push_host_function(lua_State *L) {
    host_function *h = (host_function *)lua_newuserdatauv(L, sizeof(host_function), 0);
    h->fn = (ks_swift_fn)lua_touserdata(L, 1);
    h->context = lua_touserdata(L, 2);
    lua_pushcclosure(L, trampoline, 1);
    return 1;
}

int ks_push_host_function(lua_State *L, ks_swift_fn fn, void *context) {
    lua_pushlightuserdata(L, (void *)fn);
    lua_pushlightuserdata(L, context);
    return protected_call(L, do_push_host_function, 2, 1);
}

static int do_set_module_reader(lua_State *L) {
    lua_setfield(L, LUA_REGISTRYINDEX, KS_MODULE_READER_KEY);
    return 0;
}

int ks_set_module_reader(lua_State *L) { return protected_call(L, do_set_module_reader, 1, 0); }

// ---------------------------------------------------------------------------------------------
// Tape

typedef struct tape { const ks_op *ops; size_t count; const char *strings; int pushed; } tape;

static int run_tape(lua_State *L) {
    tape *t = (tape *)lua_touserdata(L, -1);
    lua_pop(L, 1);  // below it: the values the caller handed in, which the tape may store into
    for (size_t i = 0; i < t->count; i++) {
        const ks_op *op = &t->ops[i];
        if ((i & 63) == 0) luaL_checkstack(L, 80, "value nested too deeply");
        switch (op->tag) {
        case KS_OP_NIL: lua_pushnil(L); break;
        case KS_OP_FALSE: lua_pushboolean(L, 0); break;
        case KS_OP_TRUE: lua_pushboolean(L, 1); break;
        case KS_OP_INT: lua_pushinteger(L, (lua_Integer)op->a); break;
        case KS_OP_NUM: lua_pushnumber(L, (lua_Number)op->d); break;
        case KS_OP_STR: lua_pushlstring(L, t->strings + op->a, (size_t)op->b); break;
        case KS_OP_TABLE: lua_createtable(L, op->narr, (int)op->a); break;
        case KS_OP_SETI:
            if (lua_gettop(L) < 2 || lua_type(L, -2) != LUA_TTABLE) return luaL_error(L, "internal error: tape sets an item outside a table");
            lua_rawseti(L, -2, (lua_Integer)op->a);
            break;
        case KS_OP_SETF:
            if (lua_gettop(L) < 2 || lua_type(L, -2) != LUA_TTABLE) return luaL_error(L, "internal error: tape sets a field outside a table");
            lua_pushlstring(L, t->strings + op->a, (size_t)op->b);
            lua_insert(L, -2);
            lua_rawset(L, -3);
            break;
        case KS_OP_SHARED:
        case KS_OP_FIELDS:
            lua_rawgeti(L, LUA_REGISTRYINDEX, (lua_Integer)op->a);
            if (!push_real(L, -1)) return luaL_error(L, "internal error: tape names a shared value this state does not have");
            if (op->tag == KS_OP_SHARED) { lua_pop(L, 1); break; }
            lua_createtable(L, 0, 24);  // a copy of T's fields, to extend
            lua_pushnil(L);
            while (lua_next(L, -3)) {
                lua_pushvalue(L, -2);
                lua_insert(L, -2);
                lua_rawset(L, -4);
            }
            lua_replace(L, -3);
            lua_pop(L, 1);
            break;
        case KS_OP_ITEMS: {
            if (lua_gettop(L) < 1 || lua_type(L, -1) != LUA_TTABLE) return luaL_error(L, "internal error: tape appends items outside a table");
            lua_rawgeti(L, LUA_REGISTRYINDEX, (lua_Integer)op->a);
            if (!push_real(L, -1)) return luaL_error(L, "internal error: tape names a shared value this state does not have");
            lua_Integer next = (lua_Integer)lua_rawlen(L, -3) + 1;
            if (op->b < 1 || op->narr < 0 || op->b + op->narr - 1 > (int64_t)lua_rawlen(L, -1))
                return luaL_error(L, "internal error: tape picks items a shared list does not have");
            for (int32_t k = 0; k < op->narr; k++) {
                lua_rawgeti(L, -1, (lua_Integer)op->b + k);
                lua_rawseti(L, -4, next + k);
            }
            lua_pop(L, 2);
            break;
        }
        case KS_OP_FREEZE:
            if (lua_type(L, -1) != LUA_TTABLE) return luaL_error(L, "internal error: tape freezes a value that is not a table");
            freeze_top(L);
            break;
        default: return luaL_error(L, "internal error: bad tape op %d", (int)op->tag);
        }
    }
    t->pushed = lua_gettop(L);
    return t->pushed;
}

int ks_push_tape(lua_State *L, const ks_op *ops, size_t count, const char *strings, int nargs, int *pushed) {
    tape t = {ops, count, strings, 0};
    lua_pushlightuserdata(L, &t);
    int status = protected_call(L, run_tape, nargs + 1, LUA_MULTRET);
    *pushed = status == LUA_OK ? t.pushed : 0;
    return status;
}

// ---------------------------------------------------------------------------------------------
// Macros and constants Swift cannot import

void ks_pop(lua_State *L, int n) { lua_pop(L, n); }
void ks_push_base_environment(lua_State *L) { lua_pushglobaltable(L); }

