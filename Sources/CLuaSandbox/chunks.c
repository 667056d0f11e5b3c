// chunks.c — loading text chunks, the chunk cache, and protected calls for the host.
//
// Guarantees: binary chunks are refused; a chunk is compiled once per state and source;
// every function here returns a Lua status and never raises into its caller (Swift).

#include "ks_internal.h"

#include <string.h>

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
void ks_push_cached_chunk(lua_State *L, int source_index, const char *chunkname) {
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
    return ks_protected_call(L, do_pushstring, 2, 1);
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
    return ks_protected_call(L, do_setfield, 3, 0);
}

