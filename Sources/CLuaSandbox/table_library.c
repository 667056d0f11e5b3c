// table_library.c — the table functions, billed for the work they do.
//
// Guarantees: table.insert/remove/concat/unpack/move charge what they move or build, after their
// arguments are checked (so a wrong argument is Lua's own catchable error); table.sort is a
// stable merge sort with a buffer of half the list, metered, with the same result on every
// run. Proved by SandboxEscapeTests and DifferentialTests.

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

// table.sort's stack while it works: 1 the list, 2 the comparator (or nil), 3 the buffer, and
// two slots for the values being compared.
enum { SORT_BUFFER = 3, SORT_A = 4, SORT_B = 5 };

/// Sorts list[low, high) by insertion, stably: for short runs it beats merging.
static void insertion_sort(lua_State *L, int has_comparator, lua_Integer low, lua_Integer high) {
    for (lua_Integer p = low + 1; p < high; p++) {
        lua_geti(L, 1, p);
        lua_replace(L, SORT_A);
        lua_Integer q = p;
        for (; q > low; q--) {
            lua_geti(L, 1, q - 1);
            lua_replace(L, SORT_B);
            if (!sort_less(L, SORT_A, SORT_B, has_comparator)) break;  // equal stays after: stable
            lua_pushvalue(L, SORT_B);
            lua_seti(L, 1, q);
        }
        if (q != p) {
            lua_pushvalue(L, SORT_A);
            lua_seti(L, 1, q);
        }
    }
}

/// Sorts list[low, high) by a top-down merge sort that copies only the left half of each
/// merge into the buffer, so the buffer is half the list; runs already in order are not merged.
static void merge_sort(lua_State *L, int has_comparator, lua_Integer low, lua_Integer high) {
    if (high - low <= 8) {
        insertion_sort(L, has_comparator, low, high);
        return;
    }
    lua_Integer mid = low + (high - low) / 2;
    merge_sort(L, has_comparator, low, mid);
    merge_sort(L, has_comparator, mid, high);
    lua_geti(L, 1, mid - 1);
    lua_replace(L, SORT_A);
    lua_geti(L, 1, mid);
    lua_replace(L, SORT_B);
    if (!sort_less(L, SORT_B, SORT_A, has_comparator)) return;  // the halves are already in order
    lua_Integer left = mid - low;
    for (lua_Integer i = 0; i < left; i++) {
        lua_geti(L, 1, low + i);
        lua_rawseti(L, SORT_BUFFER, i + 1);
    }
    // The left head (from the buffer) in SORT_A, the right head (from the list) in SORT_B; each
    // is read once. Writes at k never pass j, so the right run is read before it is overwritten.
    lua_Integer i = 1, j = mid, k = low;
    lua_rawgeti(L, SORT_BUFFER, i);
    lua_replace(L, SORT_A);
    for (;;) {
        if (sort_less(L, SORT_B, SORT_A, has_comparator)) {  // right < left: take right
            lua_pushvalue(L, SORT_B);
            lua_seti(L, 1, k++);
            if (++j == high) break;
            lua_geti(L, 1, j);
            lua_replace(L, SORT_B);
        } else {  // take left, also when equal: stable
            lua_pushvalue(L, SORT_A);
            lua_seti(L, 1, k++);
            if (++i > left) return;  // the rest of the right run is in place
            lua_rawgeti(L, SORT_BUFFER, i);
            lua_replace(L, SORT_A);
        }
    }
    for (; i <= left; i++) {  // the right run is used up: the rest of the left follows
        lua_rawgeti(L, SORT_BUFFER, i);
        lua_seti(L, 1, k++);
    }
}

// The common case, a plain list of numbers sorted by `<`, sorted in C: read once, sorted, written
// back. The result is the same as the merge sort's: for integers, equal values cannot be told
// apart, so any correct order is the stable one; floats take this path only without NaN and
// signed zeros (the values `<` cannot order, or orders equal but which print differently).
// Mixed integers and floats take the general path, where Lua compares them exactly.

typedef union { lua_Integer i; lua_Number f; } sort_number;

#define NUMBER_LESS(is_float, a, b) ((is_float) ? (a).f < (b).f : (a).i < (b).i)

static void swap_numbers(sort_number *a, sort_number *b) { sort_number t = *a; *a = *b; *b = t; }

static void sift_down(sort_number *v, size_t start, size_t count, int is_float) {
    size_t root = start;
    for (size_t child; (child = 2 * root + 1) < count; root = child) {
        if (child + 1 < count && NUMBER_LESS(is_float, v[child], v[child + 1])) child++;
        if (!NUMBER_LESS(is_float, v[root], v[child])) return;
        swap_numbers(&v[root], &v[child]);
    }
}

/// Introsort: quicksort with a median of three, insertion sort for short runs, and heapsort
/// once the depth passes 2·log2(n), so no input takes more than O(n log n) steps.
static void sort_numbers(sort_number *v, size_t count, int is_float, int depth) {
    while (count > 16) {
        if (depth-- == 0) {
            for (size_t i = count / 2; i-- > 0;) sift_down(v, i, count, is_float);
            for (size_t end = count - 1; end > 0; end--) {
                swap_numbers(&v[0], &v[end]);
                sift_down(v, 0, end, is_float);
            }
            return;
        }
        size_t mid = count / 2, last = count - 1;
        if (NUMBER_LESS(is_float, v[mid], v[0])) swap_numbers(&v[mid], &v[0]);
        if (NUMBER_LESS(is_float, v[last], v[mid])) {
            swap_numbers(&v[last], &v[mid]);
            if (NUMBER_LESS(is_float, v[mid], v[0])) swap_numbers(&v[mid], &v[0]);
        }
        sort_number pivot = v[mid];
        size_t i = 0, j = last;
        for (;;) {  // Hoare partition: v[0..j] <= pivot <= v[j+1..]
            while (NUMBER_LESS(is_float, v[i], pivot)) i++;
            while (NUMBER_LESS(is_float, pivot, v[j])) j--;
            if (i >= j) break;
            swap_numbers(&v[i++], &v[j--]);
        }
        sort_numbers(v, j + 1, is_float, depth);  // the left part; loop on the right
        v += j + 1;
        count -= j + 1;
    }
    for (size_t i = 1; i < count; i++) {
        sort_number x = v[i];
        size_t k = i;
        for (; k > 0 && NUMBER_LESS(is_float, x, v[k - 1]); k--) v[k] = v[k - 1];
        v[k] = x;
    }
}

/// Sorts list 1..n in C if it is a plain table of integers only or of floats only (see above).
/// Returns 0, having changed nothing, if the general path must do it.
static int sort_plain_numbers(lua_State *L, lua_Integer n) {
    if (lua_getmetatable(L, 1)) {
        lua_pop(L, 1);
        return 0;
    }
    int is_float = -1;
    for (lua_Integer k = 1; k <= n; k++) {  // a first pass that allocates nothing
        int type = lua_rawgeti(L, 1, k);
        int this_float = type == LUA_TNUMBER ? !lua_isinteger(L, -1) : -1;
        if (this_float == 1) {
            lua_Number f = lua_tonumber(L, -1);
            if (f != f || f == 0) this_float = -1;  // NaN, or a zero that may be -0.0
        }
        lua_pop(L, 1);
        if (this_float < 0 || (is_float >= 0 && this_float != is_float)) return 0;
        is_float = this_float;
    }
    // Through Lua's allocator, so that the memory cap counts it; collected after the call.
    sort_number *v = (sort_number *)lua_newuserdatauv(L, (size_t)n * sizeof(sort_number), 0);
    for (lua_Integer k = 1; k <= n; k++) {
        lua_rawgeti(L, 1, k);
        if (is_float) v[k - 1].f = lua_tonumber(L, -1); else v[k - 1].i = lua_tointeger(L, -1);
        lua_pop(L, 1);
    }
    sort_numbers(v, (size_t)n, is_float, 2 * (int)log2((double)n));
    for (lua_Integer k = 1; k <= n; k++) {
        if (is_float) lua_pushnumber(L, v[k - 1].f); else lua_pushinteger(L, v[k - 1].i);
        lua_rawseti(L, 1, k);  // the key exists: no allocation, no error
    }
    lua_pop(L, 1);
    return 1;
}

/// table.sort(list [, comp]): a stable merge sort. Deterministic (equal elements keep their
/// order) and metered; same results as Lua's sort for any strict order. Needs a buffer of half
/// the list's length (stock Lua's quicksort needs none, but is not stable).
int ks_sort(lua_State *L) {
    check_table(L, 1, READS | WRITES | LENGTH);
    lua_Integer n = length_of(L, 1);
    if (n < 2) return 0;  // as in Lua: nothing to sort, nothing else checked
    int has_comparator = !lua_isnoneornil(L, 2);
    if (has_comparator) luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_settop(L, 2);
    luaL_argcheck(L, n < INT32_MAX, 1, "array too big");
    ks_charge(L, (double)n * (log2((double)n) + 1));
    if (!has_comparator && sort_plain_numbers(L, n)) return 0;
    lua_createtable(L, (int)(n / 2), 0);  // SORT_BUFFER: the longest left half is n / 2
    lua_settop(L, SORT_B);
    luaL_checkstack(L, 4, "table.sort");
    merge_sort(L, has_comparator, 1, n + 1);
    return 0;
}
