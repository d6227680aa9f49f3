package com.aybiza.jobs.quality;

import java.math.BigDecimal;
import java.util.List;

/**
 * A call's score under {@link CallQualityModel}: the overall score and the sub-scores of
 * {@code quality.call_quality_scores} (DECIMAL(3,2), 0.00 to 1.00; a sub-score without inputs is null), and what was
 * found.
 */
public record CallQualityScore(BigDecimal overall, BigDecimal audioQuality, BigDecimal agentPerformance,
                               BigDecimal customerSatisfaction, BigDecimal compliance, List<Finding> issues,
                               List<Finding> highlights, List<Finding> recommendations, String modelVersion) {
}
