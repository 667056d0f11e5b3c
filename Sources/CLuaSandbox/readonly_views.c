// readonly_views.c — values shared between scripts, read-only.
//
// Guarantees: no script can reach the real table behind a view, nor write to it; next, rawget,
// rawset, rawlen, ipairs and pairs see through views. Proved by SharedValueTests.

#include "ks_internal.h"

#include <string.h>

// Read-only views. A host that gives the same large value to many scripts builds it once and
// gives each script a view: an empty table V with V[&readonly_key] = the real table T and the
// shared metatable below. Scripts cannot make a light userdata, so they can never index that key;
// every way to reach T's contents goes through a function here that reads T and never writes it.
// Why not one metatable per table with __index = T (Lua's fast path): the metatable's __index
// field would hand T itself to any script that reads V.__index.

int ks_protected_call(lua_State *L, lua_CFunction f, int nargs, int nresults);

static const char readonly_key = 0;       // V[&readonly_key] = T
static const char readonly_meta_key = 0;  // registry[&readonly_meta_key] = the views' metatable

const void *ks_readonly_key(void) { return &readonly_key; }

/// Pushes the real table of the view at `index` and returns 1, or pushes nothing and returns 0.
int ks_push_real(lua_State *L, int index) {
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
int ks_next(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 2);
    int table = ks_push_real(L, 1) ? 3 : 1;
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
    luaL_argexpected(L, ks_push_real(L, 1), 1, "read-only table");  // a script may call the step function itself
    return lua_rawgeti(L, -1, i) == LUA_TNIL ? 1 : (lua_remove(L, -2), 2);
}

/// ipairs(t): for a view, a step function that reads its real table; otherwise Lua's own.
/// Upvalue 1: the original ipairs.
int ks_ipairs(lua_State *L) {
    luaL_checkany(L, 1);
    luaL_checkany(L, 1);
    if (ks_push_real(L, 1)) {
        lua_pop(L, 1);
        lua_pushcfunction(L, readonly_ipairs_step);
        lua_pushvalue(L, 1);
        lua_pushinteger(L, 0);
        return 3;
    }
    return ks_call_original(L);
}

static int readonly_pairs(lua_State *L) {  // (V): next over T, with V (not T) as the loop's state
    lua_pushcfunction(L, ks_next);
    lua_pushvalue(L, 1);
    lua_pushnil(L);
    return 3;
}

int ks_rawget(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_checkany(L, 2);
    lua_settop(L, 2);
    int table = ks_push_real(L, 1) ? 3 : 1;
    lua_pushvalue(L, 2);
    lua_rawget(L, table);
    return 1;
}

int ks_rawset(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_checkany(L, 2);
    luaL_checkany(L, 3);
    lua_settop(L, 3);
    if (ks_push_real(L, 1)) return refuse_write(L, 2);
    lua_rawset(L, 1);
    return 1;
}

int ks_rawlen(lua_State *L) {
    int type = lua_type(L, 1);
    luaL_argexpected(L, type == LUA_TTABLE || type == LUA_TSTRING, 1, "table or string");
    int index = ks_push_real(L, 1) ? 2 : 1;
    lua_pushinteger(L, (lua_Integer)lua_rawlen(L, index));
    return 1;
}

void ks_make_readonly_metatable(lua_State *L) {
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
void ks_freeze_top(lua_State *L) {
    int real = lua_gettop(L);
    if (ks_push_real(L, real)) { lua_pop(L, 1); return; }  // already a view
    luaL_checkstack(L, 8, "value nested too deeply");
    lua_pushnil(L);
    while (lua_next(L, real)) {  // key at -2, value at -1
        if (lua_type(L, -1) == LUA_TTABLE) {
            ks_freeze_top(L);
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
    if (lua_type(L, 1) == LUA_TTABLE) ks_freeze_top(L);
    *reference = luaL_ref(L, LUA_REGISTRYINDEX);
    return 0;
}

int ks_share(lua_State *L, int *reference) {
    lua_pushlightuserdata(L, reference);
    return ks_protected_call(L, do_share, 2, 0);
}

void ks_pause_collector(lua_State *L, int paused) { lua_gc(L, paused ? LUA_GCSTOP : LUA_GCRESTART); }

static int do_unshare(lua_State *L) {
    luaL_unref(L, LUA_REGISTRYINDEX, (int)lua_tointeger(L, 1));
    return 0;
}

void ks_unshare(lua_State *L, int reference) {
    lua_pushinteger(L, reference);
    if (ks_protected_call(L, do_unshare, 1, 0) != LUA_OK) lua_pop(L, 1);  // then the slot stays taken
}

/// pairs(t) as the manual describes it: t's __pairs when it has one (a read-only view does),
/// else next, t, nil — with the sandbox's own `next`, so that `pairs(t) == next` as in stock Lua.
int ks_pairs(lua_State *L) {
    luaL_checkany(L, 1);
    if (luaL_getmetafield(L, 1, "__pairs") == LUA_TNIL) {
        lua_pushcfunction(L, ks_next);
        lua_pushvalue(L, 1);
        lua_pushnil(L);
    } else {
        lua_pushvalue(L, 1);
        lua_call(L, 1, 3);
    }
    return 3;
}
