package org.snn4j.cli.command;

import org.snn4j.train.options.OptionValues;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.snn4j.cli.CliFailure;
import org.snn4j.train.options.UsageException;
import org.snn4j.data.cache.CacheConverter;
import org.snn4j.data.cache.ProgressListener;
import org.snn4j.data.convert.DatasetConverter;
import org.snn4j.data.convert.DatasetKind;
import org.snn4j.data.frames.FrameSpec;
import org.snn4j.data.frames.SplitBy;
import org.snn4j.data.io.EventFormatException;
import org.snn4j.data.split.SplitLeakException;
import org.snn4j.core.io.IoReason;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** {@code snn convert}: a downloaded dataset folder to cached frames (see docs/data.md for layouts). */
public final class ConvertCommand implements Command {

    @Override
    public String name() {
        return "convert";
    }

    @Override
    public String summary() {
        return "convert a dataset folder (dvsgesture, cifar10dvs, nmnist, ncaltech101, snne) into cached frames";
    }

    @Override
    public Options options() {
        Options o = new Options();
        o.addOption(Option.builder().longOpt("dataset").hasArg().argName("KIND").required()
                .desc("dvsgesture | cifar10dvs | nmnist | ncaltech101 | snne").build());
        o.addOption(Option.builder().longOpt("root").hasArg().argName("DIR").required().desc("the dataset folder as downloaded").build());
        o.addOption(Option.builder().longOpt("cache").hasArg().argName("DIR").required().desc("frame cache folder").build());
        o.addOption(Option.builder().longOpt("frames").hasArg().argName("T").desc("frames per clip (default 16; 60 with --dt-us)").build());
        o.addOption(Option.builder().longOpt("split-by").hasArg().argName("HOW").desc("number (default) or time").build());
        o.addOption(Option.builder().longOpt("duration-us").hasArg().argName("US").desc("fixed-duration frames instead of a frame count").build());
        o.addOption(Option.builder().longOpt("dt-us").hasArg().argName("US").desc("MA-SNN dt windows of this length").build());
        o.addOption(Option.builder().longOpt("ds").hasArg().argName("K").desc("integer spatial downsampling (default 1)").build());
        o.addOption(Option.builder().longOpt("binarise").desc("frames hold 0/1 instead of counts").build());
        o.addOption(Option.builder().longOpt("merge-polarity").desc("one channel for both polarities").build());
        o.addOption(Option.builder().longOpt("threads").hasArg().argName("N").desc("conversion threads (default: all cores)").build());
        o.addOption(Option.builder().longOpt("split-out").hasArg().argName("FILE")
                .desc("write a seeded stratified train/test split (datasets without an official split)").build());
        o.addOption(Option.builder().longOpt("seed").hasArg().argName("S").desc("split seed (default 0)").build());
        o.addOption(Option.builder().longOpt("train-fraction").hasArg().argName("F").desc("train share per class (default 0.9)").build());
        o.addOption(Option.builder().longOpt("snne-size").hasArg().argName("WxH").desc("sensor of .snne folders (default 128x128)").build());
        o.addOption(Option.builder().longOpt("skip-empty").desc("skip empty recordings (0-byte or header-only files) and "
                + "DVS Gesture labels past the end of a truncated recording instead of failing; they are counted and listed").build());
        o.addOption(Option.builder().longOpt("force").desc("overwrite an existing --split-out file").build());
        return o;
    }

    @Override
    public int run(CommandLine cmd, PrintStream out) throws UsageException {
        DatasetConverter.Options o = parse(cmd);
        if (o.splitOut() != null && Files.exists(o.splitOut()) && !cmd.hasOption("force")) {
            throw new CliFailure(o.splitOut() + " already exists; pass --force to overwrite the split file");
        }
        if (!Files.isDirectory(o.root())) {
            throw new CliFailure("dataset folder " + o.root() + (Files.exists(o.root()) ? " is a file, not a folder"
                    : " does not exist") + "; expected the " + o.kind()
                    + " folder as downloaded from its publisher (layouts: docs/data.md)");
        }
        if (Files.exists(o.cache()) && !Files.isDirectory(o.cache())) {
            throw new CliFailure("frame cache " + o.cache() + " is a file, not a folder; pass a folder (it is created if missing)");
        }
        out.println("converting " + o.kind() + " at " + o.root() + " with " + o.spec() + " into " + o.cache());
        try {
            Map<String, CacheConverter.Report> reports = DatasetConverter.convert(o,
                    ProgressListener.consoleBar(o.kind().name()));
            for (Map.Entry<String, CacheConverter.Report> e : reports.entrySet()) {
                CacheConverter.Report r = e.getValue();
                out.printf(Locale.ROOT, "%s: %d clips, %d converted, %d already cached, %.1f s%n", e.getKey(), r.clips(),
                        r.converted(), r.cacheHits(), r.seconds());
                if (!r.skipped().isEmpty()) {
                    out.println(e.getKey() + ": " + r.skipped().describe());
                }
            }
        } catch (EventFormatException | SplitLeakException e) {
            throw new CliFailure(e.getMessage(), e);
        } catch (IOException e) {
            throw new CliFailure("conversion failed: " + describe(e), e);
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof EventFormatException ef) {
                throw new CliFailure(ef.getMessage(), e);
            }
            throw new CliFailure("conversion failed: " + describe(e.getCause()), e);
        }
        if (o.splitOut() != null) {
            out.println("split written to " + o.splitOut());
        }
        return 0;
    }

    /** "PATH: reason" of a failed read or write (the exception's own message is often just the path). */
    private static String describe(IOException e) {
        if (e instanceof java.nio.file.FileSystemException fs && fs.getFile() != null) {
            return "cannot access " + IoReason.of(e, null);
        }
        return IoReason.of(e, null);
    }

    static DatasetConverter.Options parse(CommandLine cmd) throws UsageException {
        DatasetKind kind;
        try {
            kind = DatasetKind.parse(cmd.getOptionValue("dataset"));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        FrameSpec spec;
        // Options that the chosen frame mode would ignore are refused, not dropped.
        if (cmd.hasOption("duration-us") && cmd.hasOption("dt-us")) {
            throw new UsageException("--duration-us and --dt-us are two ways to cut frames; pass one of them");
        }
        if (cmd.hasOption("duration-us") && cmd.hasOption("frames")) {
            throw new UsageException("--frames does not apply with --duration-us: the number of fixed-duration frames "
                    + "follows from each clip's length");
        }
        if ((cmd.hasOption("duration-us") || cmd.hasOption("dt-us")) && cmd.hasOption("split-by")) {
            throw new UsageException("--split-by applies to a frame count (--frames), not to --duration-us or --dt-us");
        }
        if (cmd.hasOption("duration-us")) {
            spec = FrameSpec.fixedDuration(OptionValues.longValue(cmd, "duration-us", 0, 1));
        } else if (cmd.hasOption("dt-us")) {
            spec = FrameSpec.dtWindows(OptionValues.longValue(cmd, "dt-us", 0, 1), OptionValues.intValue(cmd, "frames", 60, 1));
        } else {
            String split = cmd.getOptionValue("split-by", "number");
            if (!split.equals("number") && !split.equals("time")) {
                throw new UsageException("--split-by expects number or time, got '" + split + "'");
            }
            spec = FrameSpec.frameCount(OptionValues.intValue(cmd, "frames", 16, 1), SplitBy.valueOf(split.toUpperCase(Locale.ROOT)));
        }
        spec = spec.withDownsample(OptionValues.intValue(cmd, "ds", 1, 1)).withBinarise(cmd.hasOption("binarise"))
                .withMergedPolarity(cmd.hasOption("merge-polarity"));
        int[] snne = {128, 128};
        if (cmd.hasOption("snne-size")) {
            snne = OptionValues.intList(cmd, "snne-size", "x", 2, 1, "WxH (e.g. 128x128)");
            if (snne[0] > 65535 || snne[1] > 65535) {
                throw new UsageException("--snne-size expects WxH with each value <= 65535, got '"
                        + cmd.getOptionValue("snne-size") + "'");
            }
        }
        double fraction = OptionValues.doubleValue(cmd, "train-fraction", 0.9, 0);
        if (fraction >= 1) {
            throw new UsageException("--train-fraction must be < 1, got " + fraction);
        }
        return new DatasetConverter.Options(kind, Path.of(cmd.getOptionValue("root")), Path.of(cmd.getOptionValue("cache")), spec,
                OptionValues.intValue(cmd, "threads", Runtime.getRuntime().availableProcessors(), 1),
                cmd.hasOption("split-out") ? Path.of(cmd.getOptionValue("split-out")) : null,
                OptionValues.longValue(cmd, "seed", 0), fraction, snne[0], snne[1], cmd.hasOption("skip-empty"));
    }
}
