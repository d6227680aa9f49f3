package com.aybiza.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.aybiza.jobs.JobArguments;
import com.aybiza.jobs.PlatformJobs;
import java.util.Collection;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;

/**
 * A savepoint maps state to operators by uid. Without one, Flink derives the id from the graph's shape, so a later
 * version of the jobs that adds or moves an operator could no longer restore a savepoint taken before it
 * (FlinkClusterIT restores with the same jar, where derived ids would still agree): every operator of the job the jar
 * submits must carry a uid of its own, and no two the same. Building the graph connects to nothing.
 */
class OperatorUidsTest {

    @Test
    void everyOperatorOfTheJobsHasItsOwnStableUid() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        PlatformJobs.build(env, JobArguments.parse(new String[] {"--bootstrap-servers", "127.0.0.1:9",
            "--jdbc-url", "jdbc:postgresql://127.0.0.1:9/aybiza", "--dynamodb-endpoint", "http://127.0.0.1:9"}));
        Collection<StreamNode> operators = env.getStreamGraph(false).getStreamNodes();

        assertThat(operators).hasSizeGreaterThan(10)
                .allSatisfy(op -> assertThat(op.getTransformationUID()).as(op.getOperatorName()).isNotBlank());
        assertThat(operators.stream().map(StreamNode::getTransformationUID)).doesNotHaveDuplicates();
    }
}
