package com.aybiza.generator;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** List prices of the billable units the generator meters (USD, six decimals like billing.usage_metering). */
final class Pricing {

    private Pricing() {}

    static BigDecimal unitPrice(String resourceType, String subtype) {
        return switch (resourceType) {
            case "call_minutes" -> "outbound".equals(subtype) ? usd("0.025000") : usd("0.020000");
            case "agent_sessions" -> usd("0.010000");
            case "api_calls" -> usd("0.000500");
            case "storage_gb" -> usd("0.023000");
            case "tool_executions" -> usd("0.002000");
            case "model_tokens" -> subtype.contains("haiku") ? usd("0.000001") : usd("0.000003");
            default -> throw new IllegalArgumentException("no price for " + resourceType);
        };
    }

    static BigDecimal totalCost(BigDecimal quantity, BigDecimal unitPrice) {
        return quantity.multiply(unitPrice).setScale(6, RoundingMode.HALF_UP);
    }

    private static BigDecimal usd(String amount) {
        return new BigDecimal(amount);
    }
}
