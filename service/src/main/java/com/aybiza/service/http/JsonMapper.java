package com.aybiza.service.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper.Builder;

/** The service's Jackson setup: strict on input (duplicate keys, trailing data), exact numbers both ways. */
public final class JsonMapper {

    private JsonMapper() {
    }

    public static ObjectMapper create() {
        Builder builder = com.fasterxml.jackson.databind.json.JsonMapper.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(JsonParser.Feature.ALLOW_COMMENTS);
        return builder.build();
    }
}
