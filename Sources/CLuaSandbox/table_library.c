// table_library.c — the table functions, billed for the work they do.
//
// Guarantees: table.insert/remove/concat/unpack/move charge what they move or build, after their
// arguments are checked (so a wrong argument is Lua's own catchable error); table.sort is a
// stable merge sort, metered, with the same result on every run. Proved by SandboxEscapeTests
// and DifferentialTests.

#include "ks_internal.h"

#include <limits.h>
#include <math.h>
#include <string.h>


/// #t as Lua computes it: the raw length of a plain table, else its __len (which may be a Lua
/// function), and Lua's own error for a value that has no length.
static lua_Integer length_of(lua_State *L, int index) {
    if (lua_type(L, index) == LUA_TTABLE && !lua_getmetatable(L, index)) return (lua_Integer)lua_rawlen(L, index);
    if (lua_type(L, index) == LUA_TTABLE) lua_pop(L, 1);
    return luaL_len(L, index);
}

/// How many elements a loop bills at once: the per-element cost stays an add and a compare.
#define BILL_EVERY 1024

enum { READS = 1, WRITES = 2, LENGTH = 4 };

static int has_metafield(lua_State *L, int arg, const char *name) {
    if (luaL_getmetafield(L, arg, name) == LUA_TNIL) return 0;
    lua_pop(L, 1);
    return 1;
}

/// The argument at `arg` must be a table, or have the metamethods for what the function does
/// with it (`what`: READS, WRITES, LENGTH), as the manual allows; Lua's own message otherwise.
static void check_table(lua_State *L, int arg, int what) {
    if (lua_type(L, arg) == LUA_TTABLE) return;
    int fits = 0;
    if (lua_getmetatable(L, arg)) {
        lua_pop(L, 1);
        fits = (!(what & READS) || has_metafield(L, arg, "__index"))
            && (!(what & WRITES) || has_metafield(L, arg, "__newindex"))
            && (!(what & LENGTH) || has_metafield(L, arg, "__len"));
    }
    if (!fits) luaL_checktype(L, arg, LUA_TTABLE);
}

/// table.insert(list, [pos,] value): billed one step, plus one per element it moves up.
int ks_table_insert(lua_State *L) {
    check_table(L, 1, READS | WRITES | LENGTH);
    lua_Integer end = length_of(L, 1) + 1;  // the first empty position
    lua_Integer pos;
    switch (lua_gettop(L)) {
    case 2:
        pos = end;
        break;
    case 3:
        pos = luaL_checkinteger(L, 2);
        // pos in [1, end]: unsigned, so that one comparison also refuses 0 and negatives.
        luaL_argcheck(L, (lua_Unsigned)pos - 1u < (lua_Unsigned)end, 2, "position out of bounds");
        break;
    default:
        return luaL_error(L, "wrong number of arguments to 'insert'");
    }
    ks_charge(L, 1 + (double)(end - pos));
    for (lua_Integer i = end; i > pos; i--) {
        lua_geti(L, 1, i - 1);
        lua_seti(L, 1, i);
    }
    lua_seti(L, 1, pos);
    return 0;
}

/// table.remove(list [, pos]): billed one step, plus one per element it moves down.
int ks_table_remove(lua_State *L) {
    check_table(L, 1, READS | WRITES | LENGTH);
    lua_Integer size = length_of(L, 1);
    lua_Integer pos = luaL_optinteger(L, 2, size);
    // Lua 5.4 names argument 1 in this message; so do we, so that errors read the same.
    if (pos != size) luaL_argcheck(L, (lua_Unsigned)pos - 1u <= (lua_Unsigned)size, 1, "position out of bounds");
    ks_charge(L, 1 + (pos < size ? (double)(size - pos) : 0));
    lua_geti(L, 1, pos);
    for (; pos < size; pos++) {
        lua_geti(L, 1, pos + 1);
        lua_seti(L, 1, pos);
    }
    lua_pushnil(L);
    lua_seti(L, 1, pos);
    return 1;
}

/// table.concat(list [, sep [, i [, j]]]): billed per element as it goes, so that a bad
/// element is reported as Lua reports it, whatever the range.
int ks_table_concat(lua_State *L) {
    check_table(L, 1, READS | LENGTH);
    size_t separator_length;
    const char *separator = luaL_optlstring(L, 2, "", &separator_length);
    lua_Integer i = luaL_optinteger(L, 3, 1);
    lua_Integer last = luaL_opt(L, luaL_checkinteger, 4, length_of(L, 1));
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    int pending = 0;
    for (; i <= last; i++) {
        if (++pending == BILL_EVERY) { ks_charge(L, pending); pending = 0; }
        lua_geti(L, 1, i);
        if (!lua_isstring(L, -1))
            return luaL_error(L, "invalid value (%s) at index %I in table for 'concat'", luaL_typename(L, -1), (LUAI_UACINT)i);
        luaL_addvalue(&b);
        if (i != last) luaL_addlstring(&b, separator, separator_length);
        if (i == LUA_MAXINTEGER) break;  // i++ would overflow
    }
    ks_charge(L, 1 + pending);
    luaL_pushresult(&b);
    return 1;
}

/// table.unpack(list [, i [, j]]): the stack it needs is checked first, so that too many results
/// is Lua's own catchable error; then billed one step per result.
int ks_table_unpack(lua_State *L) {
    lua_Integer first = luaL_optinteger(L, 2, 1);
    lua_Integer last = luaL_opt(L, luaL_checkinteger, 3, length_of(L, 1));
    if (first > last) return 0;
    lua_Unsigned count = (lua_Unsigned)last - (lua_Unsigned)first;
    if (count >= (unsigned int)INT_MAX || !lua_checkstack(L, (int)(++count)))
        return luaL_error(L, "too many results to unpack");
    ks_charge(L, (double)count);
    for (; first < last; first++) lua_geti(L, 1, first);
    lua_geti(L, 1, last);
    return (int)count;
}

/// table.move(a1, f, e, t [, a2]): billed per element as it goes.
int ks_table_move(lua_State *L) {
    lua_Integer from = luaL_checkinteger(L, 2);
    lua_Integer end = luaL_checkinteger(L, 3);
    lua_Integer to = luaL_checkinteger(L, 4);
    int target = !lua_isnoneornil(L, 5) ? 5 : 1;
    check_table(L, 1, READS);
    check_table(L, target, WRITES);
    if (end >= from) {
        luaL_argcheck(L, from > 0 || end < LUA_MAXINTEGER + from, 3, "too many elements to move");
        lua_Integer n = end - from + 1;
        luaL_argcheck(L, to <= LUA_MAXINTEGER - n + 1, 4, "destination wrap around");
        int pending = 0;
        // Forwards unless the ranges overlap with the destination after the source.
        if (to > end || to <= from || (target != 1 && !lua_compare(L, 1, target, LUA_OPEQ))) {
            for (lua_Integer i = 0; i < n; i++) {
                if (++pending == BILL_EVERY) { ks_charge(L, pending); pending = 0; }
                lua_geti(L, 1, from + i);
                lua_seti(L, target, to + i);
            }
        } else {
            for (lua_Integer i = n - 1; i >= 0; i--) {
                if (++pending == BILL_EVERY) { ks_charge(L, pending); pending = 0; }
                lua_geti(L, 1, from + i);
                lua_seti(L, target, to + i);
            }
        }
        ks_charge(L, pending);
    }
    lua_pushvalue(L, target);
    return 1;
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

/// Element i of the list (index 1, read as Lua reads it) or of the work table (raw).
static void get_item(lua_State *L, int table, lua_Integer i) {
    if (table == 1) lua_geti(L, 1, i); else lua_rawgeti(L, table, i);
}

/// Pops a value into element i of the list (index 1, written as Lua writes) or the work table.
static void set_item(lua_State *L, int table, lua_Integer i) {
    if (table == 1) lua_seti(L, 1, i); else lua_rawseti(L, table, i);
}

/// table.sort(list [, comp]): a stable bottom-up merge sort. Deterministic (equal elements keep
/// their order) and metered; same results as Lua's sort for any strict order. Runs merge between
/// the list and one work table of the same length, so it needs one extra copy, not two.
int ks_sort(lua_State *L) {
    check_table(L, 1, READS | WRITES | LENGTH);
    lua_Integer n = length_of(L, 1);
    if (n < 2) return 0;  // as in Lua: nothing to sort, nothing else checked
    int has_comparator = !lua_isnoneornil(L, 2);
    if (has_comparator) luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_settop(L, 2);
    luaL_argcheck(L, n < INT32_MAX, 1, "array too big");
    ks_charge(L, (double)n * (log2((double)n) + 1));
    lua_createtable(L, (int)n, 0);  // 3: the work table
    int source = 1, target = 3;
    luaL_checkstack(L, 6, "table.sort");
    for (lua_Integer width = 1; width < n; width *= 2) {
        for (lua_Integer low = 1; low <= n; low += 2 * width) {
            lua_Integer mid = low + width, high = low + 2 * width;
            if (mid > n + 1) mid = n + 1;
            if (high > n + 1) high = n + 1;
            lua_Integer i = low, j = mid, k = low;
            while (i < mid && j < high) {
                get_item(L, source, i);
                get_item(L, source, j);
                int top = lua_gettop(L);
                if (sort_less(L, top, top - 1, has_comparator)) {  // right < left: take right
                    set_item(L, target, k++);
                    lua_pop(L, 1);
                    j++;
                } else {
                    lua_pop(L, 1);
                    set_item(L, target, k++);
                    i++;
                }
            }
            for (; i < mid; i++) { get_item(L, source, i); set_item(L, target, k++); }
            for (; j < high; j++) { get_item(L, source, j); set_item(L, target, k++); }
        }
        int swap = source; source = target; target = swap;
    }
    if (source != 1) {  // the sorted run ended in the work table
        for (lua_Integer i = 1; i <= n; i++) {
            lua_rawgeti(L, source, i);
            lua_seti(L, 1, i);
        }
    }
    return 0;
}

