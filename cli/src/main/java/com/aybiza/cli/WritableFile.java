package com.aybiza.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** Checks, before a command does its work, that a file it will write at the end can be written. */
final class WritableFile {

    private WritableFile() {}

    /** Refuses a directory, a missing folder, or a place this user may not write, naming {@code option}. */
    static void require(CommandLine commandLine, String option, Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        Path folder = absolute.getParent();
        String problem = null;
        if (Files.isDirectory(absolute)) {
            problem = "is a directory; give the name of a file in it";
        } else if (folder == null || !Files.isDirectory(folder)) {
            problem = "cannot be written: " + (folder != null && Files.exists(folder) ? folder + " is not a directory"
                    : "the folder " + folder + " does not exist");
        } else if (Files.exists(absolute) && !Files.isWritable(absolute)) {
            problem = "is not writable";
        } else if (!Files.exists(absolute) && !Files.isWritable(folder)) {
            problem = "cannot be written: no permission to create files in " + folder;
        }
        if (problem != null) {
            throw new ParameterException(commandLine, option + " " + file + " " + problem);
        }
    }
}
