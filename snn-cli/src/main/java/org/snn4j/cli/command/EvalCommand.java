package org.snn4j.cli.command;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.snn4j.cli.CliFailure;
import org.snn4j.train.options.UsageException;
import org.snn4j.train.data.ExperimentData;
import org.snn4j.train.Networks;
import org.snn4j.train.run.RunRecord;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code snn eval}: accuracy, per-class accuracy and confusion matrix of a run's checkpoint on its test split. */
public final class EvalCommand implements Command {

    @Override
    public String name() {
        return "eval";
    }

    @Override
    public String summary() {
        return "evaluate a trained run's checkpoint on its test split (accuracy, per class, confusion matrix)";
    }

    @Override
    public Options options() {
        Options o = new Options();
        o.addOption(Option.builder().longOpt("run").hasArg().argName("DIR").required().desc("run directory written by snn train").build());
        o.addOption(Option.builder().longOpt("checkpoint").hasArg().argName("NAME")
                .desc("best (default), last, or a checkpoint file name in DIR/checkpoints").build());
        o.addOption(Option.builder().longOpt("force").desc("accepted for older scripts: the eval report "
                + "(RUN/eval-CHECKPOINT.json) is always replaced").build());
        return o;
    }

    @Override
    public int run(CommandLine cmd, PrintStream out) throws UsageException {
        RunRecord record = RunRecord.open(Path.of(cmd.getOptionValue("run")));
        Path checkpoint = checkpoint(record, cmd.getOptionValue("checkpoint", "best"));
        String resultName = "eval-" + checkpoint.getFileName().toString().replace(".zip", "") + ".json";
        // Evaluating reads the model and changes nothing of the run: its report is simply replaced (atomically).
        Model net = RunRecord.loadModel(checkpoint);
        ExperimentData data = ExperimentData.fromConfig(record.readJson("config.json"));
        List<String> classes = data.test().classNames();
        Evaluation ev = evaluate(net, data.testIterator(), classes);

        out.printf(Locale.ROOT, "%s on %d test clips: accuracy %.4f%n", checkpoint, data.test().size(), ev.accuracy());
        Map<String, Object> perClass = new LinkedHashMap<>();
        for (int c = 0; c < classes.size(); c++) {
            int total = ev.classCount(c);
            double acc = total == 0 ? Double.NaN : ev.getConfusionMatrix().getCount(c, c) / (double) total;
            perClass.put(classes.get(c), acc);
            out.printf(Locale.ROOT, "  %-12s %.4f  (%d clips)%n", classes.get(c), acc, total);
        }
        out.println("confusion matrix (rows: true class, columns: predicted):");
        List<List<Integer>> matrix = new ArrayList<>();
        for (int i = 0; i < classes.size(); i++) {
            List<Integer> row = new ArrayList<>();
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-12s", classes.get(i)));
            for (int j = 0; j < classes.size(); j++) {
                int n = ev.getConfusionMatrix().getCount(i, j);
                row.add(n);
                line.append(String.format(Locale.ROOT, "%5d", n));
            }
            matrix.add(row);
            out.println(line);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("checkpoint", checkpoint.toString());
        result.put("test_clips", data.test().size());
        result.put("accuracy", ev.accuracy());
        result.put("per_class_accuracy", perClass);
        result.put("classes", classes);
        result.put("confusion_matrix", matrix);
        record.writeJson(resultName, result);
        out.println("written " + record.dir().resolve(resultName));
        return 0;
    }

    static Path checkpoint(RunRecord record, String name) {
        if (name.equals("best")) {
            return record.best();
        }
        if (name.equals("last")) {
            Object last = record.readJson("state.json").get("last_checkpoint");
            if (last == null) {
                throw new CliFailure(record.dir() + "/state.json names no last checkpoint");
            }
            return record.dir().resolve("checkpoints").resolve(last.toString());
        }
        return record.dir().resolve("checkpoints").resolve(name);
    }

    static Evaluation evaluate(Model net, DataSetIterator it, List<String> classes) {
        Evaluation ev = new Evaluation(classes);
        while (it.hasNext()) {
            DataSet ds = it.next();
            ev.eval(ds.getLabels(), Networks.output(net, ds.getFeatures()));
        }
        return ev;
    }
}
