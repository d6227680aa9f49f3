package com.aybiza.jobs.live;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.connector.base.sink.writer.ElementConverter;
import org.apache.flink.connector.dynamodb.sink.DynamoDbWriteRequest;
import org.apache.flink.connector.dynamodb.sink.DynamoDbWriteRequestType;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A {@link LiveItem} as the DynamoDB sink's write request: JSON strings become S, numbers N (their exact text),
 * booleans BOOL, objects M, arrays L and null NUL.
 */
public final class LiveItemConverter implements ElementConverter<LiveItem, DynamoDbWriteRequest> {

    private static final long serialVersionUID = 1L;
    /** Decimals as written (a cost of 0.030000 stays that), not through a double. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

    @Override
    public DynamoDbWriteRequest apply(LiveItem item, SinkWriter.Context context) {
        return DynamoDbWriteRequest.builder()
                .setType(item.delete ? DynamoDbWriteRequestType.DELETE : DynamoDbWriteRequestType.PUT)
                .setItem(attributes(item.json))
                .build();
    }

    /** The JSON object's fields as attribute values. */
    public static Map<String, AttributeValue> attributes(String json) {
        try {
            return object(JSON.readTree(json));
        } catch (IOException e) {
            throw new UncheckedIOException("a live item is always JSON: " + json, e);
        }
    }

    private static Map<String, AttributeValue> object(JsonNode node) {
        Map<String, AttributeValue> map = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            map.put(field.getKey(), value(field.getValue()));
        }
        return map;
    }

    private static AttributeValue value(JsonNode node) {
        if (node.isTextual()) {
            return AttributeValue.fromS(node.textValue());
        }
        if (node.isNumber()) {
            return AttributeValue.fromN(node.decimalValue().toPlainString());
        }
        if (node.isBoolean()) {
            return AttributeValue.fromBool(node.booleanValue());
        }
        if (node.isObject()) {
            return AttributeValue.fromM(object(node));
        }
        if (node.isArray()) {
            List<AttributeValue> list = new ArrayList<>();
            node.forEach(element -> list.add(value(element)));
            return AttributeValue.fromL(list);
        }
        return AttributeValue.fromNul(true);
    }
}
