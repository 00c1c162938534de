// HeidelTime over many documents in one JVM (the standalone jar starts a JVM per document, ~5 s).
// Run by pipeline/evaluation/heideltime.py with Java's source launcher:
//   java -cp heideltime.jar HeidelTimeBatch.java CONFIG.props MANIFEST.tsv
// Each MANIFEST line: DCT (YYYY-MM-DD) TAB input.txt TAB output.tml (TimeML written there).
import de.unihd.dbs.heideltime.standalone.DocumentType;
import de.unihd.dbs.heideltime.standalone.HeidelTimeStandalone;
import de.unihd.dbs.heideltime.standalone.OutputType;
import de.unihd.dbs.heideltime.standalone.POSTagger;
import de.unihd.dbs.uima.annotator.heideltime.resources.Language;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.SimpleDateFormat;
import java.util.List;

public class HeidelTimeBatch {
    public static void main(String[] args) throws Exception {
        HeidelTimeStandalone tagger = new HeidelTimeStandalone(Language.ENGLISH, DocumentType.NEWS,
                OutputType.TIMEML, args[0], POSTagger.TREETAGGER, false);
        SimpleDateFormat day = new SimpleDateFormat("yyyy-MM-dd");
        List<String> lines = Files.readAllLines(Path.of(args[1]), StandardCharsets.UTF_8);
        for (String line : lines) {
            String[] f = line.split("\t");
            String text = Files.readString(Path.of(f[1]), StandardCharsets.UTF_8);
            long t0 = System.nanoTime();
            String out = tagger.process(text, day.parse(f[0]));
            Files.writeString(Path.of(f[2]), out, StandardCharsets.UTF_8);
            System.out.println(f[2] + "\t" + (System.nanoTime() - t0) / 1000000);
        }
    }
}
