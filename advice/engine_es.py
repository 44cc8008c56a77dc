def translate(text):
    return None
