package com.aybiza.service.http;

import com.aybiza.service.auth.Action;
import com.aybiza.service.crud.ListQuery;
import com.aybiza.service.crud.RowReads;
import com.aybiza.service.crud.RowWrites;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;

/** The five operations of every collection under /v1, each run through the {@link RequestPipeline}. */
public final class CollectionRoutes {

    private final RequestPipeline pipeline;
    private final RowReads reads;
    private final RowWrites writes;
    private final ObjectMapper json;

    public CollectionRoutes(RequestPipeline pipeline, RowReads reads, RowWrites writes, ObjectMapper json) {
        this.pipeline = pipeline;
        this.reads = reads;
        this.writes = writes;
        this.json = json;
    }

    public void register(Javalin app) {
        app.get("/v1/{collection}", ctx -> pipeline.handle(ctx, Action.READ, false, (c, key, table, body) -> {
            RowReads.Page page = reads.list(c, table, ListQuery.parse(table, ctx.queryParamMap()));
            ObjectNode out = json.createObjectNode();
            out.putArray("items").addAll(page.items());
            out.put("next_cursor", page.nextCursor());
            return Reply.ok(out);
        }));
        app.get("/v1/{collection}/{id}", ctx -> pipeline.handle(ctx, Action.READ, false, (c, key, table, body) ->
                Reply.ok(reads.get(c, key, table, ctx.pathParam("id"),
                        key.permissions().allows(table.name(), Action.READ_SECRETS)))));
        app.post("/v1/{collection}", ctx -> pipeline.handle(ctx, Action.WRITE, true, (c, key, table, body) ->
                Reply.changed(201, writes.create(c, key, table, body))));
        app.patch("/v1/{collection}/{id}", ctx -> pipeline.handle(ctx, Action.WRITE, true, (c, key, table, body) ->
                Reply.changed(200, writes.update(c, key, table, ctx.pathParam("id"), body))));
        app.delete("/v1/{collection}/{id}", ctx -> pipeline.handle(ctx, Action.DELETE, false, (c, key, table, body) ->
                Reply.changed(204, writes.delete(c, table, ctx.pathParam("id")))));
    }
}
