package com.aybiza.events;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Conversions;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.IndexedRecord;

/** Builds generic records of a given (e.g. released) schema from the generated classes, copying fields by name. */
final class GenericEvents {

  /** A generic data model that knows the contracts' logical types, so values stay UUID, Instant, BigDecimal. */
  static final GenericData MODEL = new GenericData();

  static {
    MODEL.addLogicalTypeConversion(new Conversions.UUIDConversion());
    MODEL.addLogicalTypeConversion(new Conversions.DecimalConversion());
    MODEL.addLogicalTypeConversion(new TimeConversions.TimestampMicrosConversion());
    MODEL.addLogicalTypeConversion(new TimeConversions.DateConversion());
  }

  private GenericEvents() {}

  static GenericRecord toGeneric(IndexedRecord record, Schema target) {
    return (GenericRecord) copy(record, target);
  }

  private static Object copy(Object value, Schema target) {
    if (value == null) {
      return null;
    }
    switch (target.getType()) {
      case UNION:
        return copy(value, branchFor(value, target));
      case RECORD:
        IndexedRecord source = (IndexedRecord) value;
        GenericData.Record out = new GenericData.Record(target);
        for (Schema.Field field : target.getFields()) {
          Schema.Field sourceField = source.getSchema().getField(field.name());
          out.put(field.name(), sourceField == null ? field.defaultVal() : copy(source.get(sourceField.pos()), field.schema()));
        }
        return out;
      case ENUM:
        return new GenericData.EnumSymbol(target, value.toString());
      case ARRAY:
        List<Object> list = new ArrayList<>();
        for (Object item : (List<?>) value) {
          list.add(copy(item, target.getElementType()));
        }
        return list;
      case MAP:
        Map<String, Object> map = new LinkedHashMap<>();
        ((Map<?, ?>) value).forEach((k, v) -> map.put(k.toString(), copy(v, target.getValueType())));
        return map;
      default:
        return value;
    }
  }

  private static Schema branchFor(Object value, Schema union) {
    for (Schema branch : union.getTypes()) {
      if (branch.getType() == Schema.Type.NULL) {
        continue;
      }
      if (!(value instanceof IndexedRecord record) || record.getSchema().getFullName().equals(branch.getFullName())) {
        return branch;
      }
    }
    throw new IllegalArgumentException("no branch of " + union + " for " + value);
  }
}
