package com.aybiza.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.logging.log4j.message.SimpleMessage;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/**
 * The shipped log4j2.xml masks passwords in every log line, on the terminal and in the file: its "masked" pattern,
 * read from the file itself, applied to lines that carry a password in each shape com.aybiza.sql.Passwords knows.
 */
class LogMaskingTest {

    @Test
    void theShippedLogPatternMasksPasswords() throws Exception {
        Document config;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("log4j2.xml")) {
            config = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
        }
        String masked = XPathFactory.newInstance().newXPath()
                .evaluate("/Configuration/Properties/Property[@name='masked']", config);
        PatternLayout layout = PatternLayout.newBuilder().withPattern(masked).build();

        String line = layout.toSerializable(Log4jLogEvent.newBuilder().setLevel(Level.WARN)
                .setMessage(new SimpleMessage("connecting to jdbc:postgresql://h/db?user=u&password=pw1&ssl=true, "
                        + "postgres://app:pw2@h/db and host=h password=pw3"))
                .build());

        assertThat(line).isEqualTo("connecting to jdbc:postgresql://h/db?user=u&password=***&ssl=true, "
                + "postgres://app:***@h/db and host=h password=***");
    }
}
