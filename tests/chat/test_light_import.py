import subprocess
import sys


def test_import_chat_loads_no_heavy_library():
    code = ("import sys, chat; heavy = [m for m in ('torch', 'transformers', 'sentence_transformers', 'gradio', "
            "'faiss', 'langchain_openai') if m in sys.modules]; print(','.join(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == ""
