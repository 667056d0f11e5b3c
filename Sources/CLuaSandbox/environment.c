// environment.c — opening the sandbox and one environment per script.
//
// Guarantees: only base, table, string, math, utf8 and coroutine are opened (no io, os, debug,
// string.dump, dofile, loadfile, math.randomseed); each script gets its own copy of every
// library table, so nothing one script changes is seen by another; the string metatable is
// locked. Proved by SandboxEscapeTests and SandboxReuseTests.

#include "ks_internal.h"

#include <string.h>

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
    static const luaL_Reg base[] = {
        {"print", ks_print}, {"warn", ks_warn}, {"collectgarbage", ks_collectgarbage},
        {"setmetatable", ks_setmetatable}, {"xpcall", ks_xpcall}, {"next", ks_next}, {"pairs", ks_pairs},
        {"rawget", ks_rawget}, {"rawset", ks_rawset}, {"rawlen", ks_rawlen}, {NULL, NULL}};
    luaL_setfuncs(L, base, 0);
    wrap_field(L, globals, "ipairs", ks_ipairs);
    ks_install_io(L, globals);
    ks_make_readonly_metatable(L);
    lua_pushvalue(L, globals);  // per-environment closures replace this in new_environment
    lua_pushcclosure(L, ks_load, 1);
    lua_setfield(L, globals, "load");

    lua_getfield(L, globals, LUA_STRLIBNAME);
    int string = lua_gettop(L);
    lua_pushnil(L); lua_setfield(L, string, "dump");
    // Our own matcher, which bills its steps to the instruction budget (patterns.c).
    static const luaL_Reg patterns[] = {
        {"find", ks_str_find}, {"match", ks_str_match}, {"gmatch", ks_str_gmatch}, {"gsub", ks_str_gsub}, {NULL, NULL}};
    luaL_setfuncs(L, patterns, 0);
    // Lock the string metatable, so no script can change it; each new environment points its
    // __index at that script's own copy of `string` (new_environment).
    lua_pushliteral(L, "");
    lua_getmetatable(L, -1);
    lua_pushliteral(L, "locked");
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 3);

    lua_getfield(L, globals, LUA_TABLIBNAME);
    // Billed for the work they do (table_library.c).
    static const luaL_Reg tables[] = {
        {"move", ks_table_move}, {"concat", ks_table_concat}, {"unpack", ks_table_unpack},
        {"insert", ks_table_insert}, {"remove", ks_table_remove}, {"sort", ks_sort}, {NULL, NULL}};
    luaL_setfuncs(L, tables, 0);
    lua_pop(L, 1);

    lua_getfield(L, globals, LUA_COLIBNAME);
    int coroutine = lua_gettop(L);
    lua_getfield(L, coroutine, "resume");
    lua_pushcclosure(L, ks_coroutine_resume, 1);  // records which coroutine runs (watchdog.c)
    lua_pushvalue(L, -1);
    lua_setfield(L, coroutine, "resume");
    lua_getfield(L, coroutine, "create");
    lua_insert(L, -2);
    lua_getfield(L, coroutine, "close");
    lua_pushcclosure(L, ks_coroutine_wrap, 3);
    lua_setfield(L, coroutine, "wrap");
    lua_pushcfunction(L, ks_coroutine_close); lua_setfield(L, coroutine, "close");
    lua_pop(L, 1);

    lua_getfield(L, globals, LUA_MATHLIBNAME);
    lua_getfield(L, -1, "randomseed");
    lua_setfield(L, LUA_REGISTRYINDEX, KS_RANDOMSEED_KEY);
    lua_pushnil(L); lua_setfield(L, -2, "randomseed");
    lua_pop(L, 2);
    return 0;
}

/// Pushes a protected call of f with the nargs values on top as its arguments.
int ks_protected_call(lua_State *L, lua_CFunction f, int nargs, int nresults) {
    lua_pushcfunction(L, f);
    lua_rotate(L, -(nargs + 1), 1);
    return lua_pcall(L, nargs, nresults, 0);
}

int ks_open_sandbox(lua_State *L) { return ks_protected_call(L, open_sandbox, 0, 0); }

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
    // String methods are this script's `string` table, as in Lua: what it adds to `string` is a
    // method too. The next script's environment points the (locked) metatable at its own copy.
    lua_pushliteral(L, "");
    lua_getmetatable(L, -1);
    lua_getfield(L, env, "string");
    lua_setfield(L, -2, "__index");
    lua_pop(L, 2);
    // Lua names a function in an argument error by finding it in package.loaded; this script's
    // own load and require are found through its environment as _G.
    lua_getfield(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
    lua_pushvalue(L, env);
    lua_setfield(L, -2, "_G");
    lua_pop(L, 1);
    lua_pushvalue(L, env);
    lua_pushcclosure(L, ks_load, 1);
    lua_setfield(L, env, "load");
    ks_install_package(L, env);
    // Every script starts from the same random sequence.
    lua_getfield(L, LUA_REGISTRYINDEX, KS_RANDOMSEED_KEY);
    lua_pushinteger(L, KS_RANDOM_SEED);
    lua_call(L, 1, 0);
    return 1;
}

int ks_new_environment(lua_State *L) { return ks_protected_call(L, new_environment, 0, 1); }

void ks_collect(lua_State *L) { lua_gc(L, LUA_GCCOLLECT, 0); }
