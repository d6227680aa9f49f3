package com.aybiza.service.openapi;

import com.aybiza.service.catalog.Catalog;
import com.aybiza.service.catalog.Column;
import com.aybiza.service.catalog.Table;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * /openapi.json, written from the same catalog the handlers use: every collection's five operations, its filters
 * and sort keys, and one schema per table with types, lengths, allowed values, and which fields are required,
 * set by the server, encrypted or write-only. Generated rather than annotated: the handlers are generic, so an
 * annotation could only say what the catalog already knows.
 */
public final class OpenApiDocument {

    private OpenApiDocument() {
    }

    public static ObjectNode of(Catalog catalog, ObjectMapper json) {
        ObjectNode doc = json.createObjectNode();
        doc.put("openapi", "3.0.3");
        doc.putObject("info").put("title", "AYBIZA CRUD service").put("version", "1")
                .put("description", "One collection per exposed table. Authenticate with Authorization: Bearer <key>.");
        doc.putArray("security").addObject().putArray("apiKey");
        ObjectNode paths = doc.putObject("paths");
        ObjectNode health = paths.putObject("/health").putObject("get").put("summary", "liveness and database reachability");
        health.putArray("security");
        health.putObject("responses").putObject("200").put("description", "up");
        ObjectNode schemas = json.createObjectNode();
        schemas.set("Error", errorSchema(json));
        for (Table table : catalog.tables()) {
            String name = table.name();
            schemas.set(name, tableSchema(table, json));
            ObjectNode collection = paths.putObject("/v1/" + name);
            ObjectNode list = operation(collection.putObject("get"), "list " + name, name);
            ArrayNode parameters = list.putArray("parameters");
            parameters.addObject().put("name", "limit").put("in", "query").putObject("schema").put("type", "integer")
                    .put("minimum", 1).put("maximum", 200);
            parameters.addObject().put("name", "cursor").put("in", "query").putObject("schema").put("type", "string");
            ObjectNode sort = parameters.addObject().put("name", "sort").put("in", "query")
                    .put("description", "a column, '-' first for descending");
            ArrayNode sortable = sort.putObject("schema").put("type", "string").putArray("enum");
            table.columns().keySet().stream().filter(table::isSortable).forEach(c -> sortable.add(c).add("-" + c));
            table.columns().values().stream().filter(c -> table.isFilterable(c.name())).forEach(c ->
                    parameters.addObject().put("name", c.name()).put("in", "query")
                            .put("description", "equality filter").set("schema", type(c, json)));
            response(list, "200", "a page: {items, next_cursor}", json.createObjectNode().put("type", "object"));
            ObjectNode create = operation(collection.putObject("post"), "create a row of " + name, name);
            create.putObject("requestBody").put("required", true).putObject("content").putObject("application/json")
                    .putObject("schema").put("$ref", "#/components/schemas/" + name);
            response(create, "201", "created", ref(name, json));
            ObjectNode item = paths.putObject("/v1/" + name + "/{id}");
            item.putArray("parameters").addObject().put("name", "id").put("in", "path").put("required", true)
                    .putObject("schema").put("type", "string").put("format", "uuid");
            response(operation(item.putObject("get"), "get one " + name + " row", name), "200", "the row",
                    ref(name, json));
            ObjectNode patch = operation(item.putObject("patch"), "change fields of a row"
                    + (table.hasVersion() ? "; version is required (409 if stale)" : ""), name);
            patch.putObject("requestBody").put("required", true).putObject("content").putObject("application/json")
                    .putObject("schema").put("$ref", "#/components/schemas/" + name);
            response(patch, "200", "the changed row", ref(name, json));
            operation(item.putObject("delete"), "delete a row", name).with("responses").putObject("204")
                    .put("description", "deleted");
        }
        ObjectNode components = doc.putObject("components");
        components.set("schemas", schemas);
        components.putObject("securitySchemes").putObject("apiKey").put("type", "http").put("scheme", "bearer");
        return doc;
    }

    private static ObjectNode operation(ObjectNode op, String summary, String tag) {
        op.put("summary", summary);
        op.putArray("tags").add(tag);
        ObjectNode responses = op.putObject("responses");
        for (String[] r : new String[][] {{"400", "a field is malformed (the error names it)"},
                {"401", "no key, or an unknown, expired or revoked one"}, {"403", "the key lacks the permission"},
                {"404", "no such row, or another tenant's"}, {"409", "duplicate, or a stale version"},
                {"413", "body over the size limit"}, {"422", "a CHECK or foreign key refused the row"},
                {"429", "rate limit; see Retry-After"}}) {
            responses.putObject(r[0]).put("description", r[1]).putObject("content").putObject("application/json")
                    .putObject("schema").put("$ref", "#/components/schemas/Error");
        }
        return op;
    }

    private static void response(ObjectNode op, String status, String description, ObjectNode schema) {
        op.with("responses").putObject(status).put("description", description).putObject("content")
                .putObject("application/json").set("schema", schema);
    }

    private static ObjectNode ref(String name, ObjectMapper json) {
        return json.createObjectNode().put("$ref", "#/components/schemas/" + name);
    }

    private static ObjectNode errorSchema(ObjectMapper json) {
        ObjectNode schema = json.createObjectNode().put("type", "object");
        ObjectNode error = schema.putObject("properties").putObject("error").put("type", "object");
        ObjectNode props = error.putObject("properties");
        props.putObject("code").put("type", "string");
        props.putObject("message").put("type", "string");
        props.putObject("field").put("type", "string");
        return schema;
    }

    private static ObjectNode tableSchema(Table table, ObjectMapper json) {
        ObjectNode schema = json.createObjectNode().put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        ArrayNode required = json.createArrayNode();
        for (Column column : table.columns().values()) {
            ObjectNode property = type(column, json);
            if (table.isServerSet(column.name())) {
                property.put("readOnly", true);
            }
            if (table.isHidden(column.name())) {
                property.put("writeOnly", true);
            }
            if (table.isSecret(column.name())) {
                property.put("description", "encrypted at rest; returned by a get only with read_secrets");
            }
            if (!column.notNull()) {
                property.put("nullable", true);
            }
            if (column.notNull() && !column.hasDefault() && !table.isServerSet(column.name())
                    && !Table.OWNER_COLUMNS.contains(column.name()) && !Table.AUTHOR_COLUMNS.contains(column.name())) {
                required.add(column.name());
            }
            properties.set(column.name(), property);
        }
        if (table.has("key_hash")) {
            properties.putObject("key").put("type", "string").put("readOnly", true)
                    .put("description", "the new API key, in the create response only");
        }
        if (!required.isEmpty()) {
            schema.set("required", required);
        }
        return schema;
    }

    private static ObjectNode type(Column column, ObjectMapper json) {
        ObjectNode t = json.createObjectNode();
        switch (column.udtName()) {
            case "uuid" -> t.put("type", "string").put("format", "uuid");
            case "int2", "int4" -> t.put("type", "integer").put("format", "int32");
            case "int8" -> t.put("type", "integer").put("format", "int64");
            case "numeric", "float4", "float8" -> t.put("type", "number");
            case "bool" -> t.put("type", "boolean");
            case "jsonb", "json" -> { }
            case "timestamptz", "timestamp" -> t.put("type", "string").put("format", "date-time");
            case "date" -> t.put("type", "string").put("format", "date");
            default -> t.put("type", "string");
        }
        if (column.maxLength() > 0) {
            t.put("maxLength", column.maxLength());
        }
        if (!column.allowedValues().isEmpty()) {
            ArrayNode values = t.putArray("enum");
            column.allowedValues().forEach(values::add);
        }
        return t;
    }
}
